//! French typography (DESIGN §8 "Pages for readers", issue #15): a narrow
//! no-break space (U+202F) before `:` `;` `!` `?` and `»`, and after `«`,
//! so that a colon never starts a line and guillemets never leave their
//! words.
//!
//! One set of rules, in [`Spacer`], serves both the text of Markdown bodies
//! (which `markdown` hands over piece by piece, between links and emphasis)
//! and the front-matter text that pages show (titles, summaries, key
//! points), through [`french`]. It works on text only: the caller keeps it
//! away from code, URLs and attributes, and escapes its output as any text.
//! It never removes a character but a space it replaces, so a text without
//! these signs comes back borrowed, unchanged.

use std::borrow::Cow;

/// The narrow no-break space French puts before high punctuation.
pub const NARROW_NBSP: char = '\u{202F}';

/// Spaces that may stand before `:` or inside guillemets, and that become a
/// narrow no-break space there: a space, a no-break space, a thin space,
/// and the narrow no-break space itself.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{2009}' | NARROW_NBSP)
}

/// Whether a text may have anything these rules change: one of `: ; ! ?`,
/// or a byte that « » “ ” end with (other characters end with them too:
/// those texts only take the longer way). Every text of a French site
/// passes here: memchr's vector search reads it ten times faster than a
/// loop over its bytes (a sixth of a second at 10,000 briefs).
fn has_signs(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most texts are the short runs between links and emphasis: a loop
    // costs less there than setting up three vector searches.
    if bytes.len() < 64 {
        return bytes.iter().any(|b| SIGN_BYTES[usize::from(*b)]);
    }
    memchr::memchr3(b':', b';', b'?', bytes).is_some()
        || memchr::memchr3(b'!', 0xAB, 0xBB, bytes).is_some()
        || memchr::memchr2(0x9C, 0x9D, bytes).is_some()
}

/// The bytes a sign can start with: `: ; ! ?`, and the first bytes of
/// « » (0xC2) and “ ” (0xE2, which starts ’ and many others too).
const CANDIDATES: [bool; 256] = {
    let mut first = [false; 256];
    let mut k = 0;
    let list = [b':', b';', b'!', b'?', 0xC2, 0xE2];
    while k < list.len() {
        first[list[k] as usize] = true;
        k += 1;
    }
    first
};

/// The bytes [`has_signs`] looks for.
const SIGN_BYTES: [bool; 256] = {
    let mut signs = [false; 256];
    let mut k = 0;
    let list = [b':', b';', b'!', b'?', 0xAB, 0xBB, 0x9C, 0x9D];
    while k < list.len() {
        signs[list[k] as usize] = true;
        k += 1;
    }
    signs
};

/// French spacing applied to a whole text: a title, a summary, a name.
///
/// ```
/// use dossier::typography::french;
/// assert_eq!(french("Mali : le blocus"), "Mali\u{202F}: le blocus");
/// assert_eq!(french("« ce mercredi »"), "«\u{202F}ce mercredi\u{202F}»");
/// assert_eq!(french("Vraiment?"), "Vraiment\u{202F}?");
/// assert_eq!(french("à 10:30, https://example.org/?q=1"), "à 10:30, https://example.org/?q=1");
/// ```
pub fn french(text: &str) -> Cow<'_, str> {
    Spacer::default().apply(text).text
}

/// French spacing over text that comes in pieces (the text events of one
/// Markdown block), remembering the last character of the previous piece.
#[derive(Debug, Default, Clone)]
pub struct Spacer {
    /// The last character of the text before this piece, in the same block.
    previous: Option<char>,
}

/// A piece of text with French spacing applied.
#[derive(Debug, PartialEq, Eq)]
pub struct Spaced<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// Whether the previous piece's last character, a space, must become a
    /// narrow no-break space (this piece starts with `:` or `»`).
    pub narrow_previous: bool,
}

impl Spacer {
    /// Starts a new block: the previous text no longer touches the next.
    pub fn reset(&mut self) {
        self.previous = None;
    }

    /// Notes text that passes by untouched (inline code), so that the
    /// next piece knows what it follows.
    pub fn pass(&mut self, text: &str) {
        if let Some(last) = text.chars().next_back() {
            self.previous = Some(last);
        }
    }

    /// Applies the rules to the next piece of text: “ ” become « », and a
    /// narrow no-break space goes before `: ; ! ? »` and after `«` (a space
    /// already there is replaced). A `:` gets one it did not have only
    /// after a letter and before a space or the end (not in `10:30`, nor in
    /// `https://`), and `; ! ?` only after a letter, a digit or a closing
    /// sign and before a space, the end or other punctuation.
    pub fn apply<'a>(&mut self, text: &'a str) -> Spaced<'a> {
        let before = self.previous;
        self.pass(text);
        if !has_signs(text) {
            return Spaced {
                text: Cow::Borrowed(text),
                narrow_previous: false,
            };
        }
        // Runs without signs are copied whole; only the signs are looked
        // at (a paragraph is one text, and one `û` sends it all here).
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len() + 8);
        let mut narrow_previous = false;
        let mut copied = 0;
        // The narrow space after a « that ended the previous piece is
        // there already: a space written after it goes.
        if before == Some('«')
            && let Some(space) = text.chars().next().filter(|c| is_space(*c))
        {
            copied = space.len_utf8();
        }
        let mut i = copied;
        while i < bytes.len() {
            if !CANDIDATES[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            let written = text[i..].chars().next().expect("a character starts here");
            let sign = match written {
                '“' => '«',
                '”' => '»',
                c @ (':' | ';' | '!' | '?' | '«' | '»') => c,
                _ => {
                    i += written.len_utf8();
                    continue;
                }
            };
            out.push_str(&text[copied..i]);
            copied = i + written.len_utf8();
            let after = text[copied..].chars().next();
            let next = after.map(|c| match c {
                '“' => '«',
                '”' => '»',
                c => c,
            });
            let previous = if i == 0 {
                before
            } else {
                out.chars().next_back()
            };
            if sign == '«' {
                out.push('«');
                out.push(NARROW_NBSP);
                // A space written after « is replaced by the narrow one.
                if let Some(space) = after.filter(|c| is_space(*c)) {
                    copied += space.len_utf8();
                }
            } else {
                match previous {
                    Some(p) if is_space(p) => {
                        if i == 0 {
                            narrow_previous = p != NARROW_NBSP;
                        } else {
                            out.pop();
                            out.push(NARROW_NBSP);
                        }
                    }
                    Some(p) if wants_space(sign, p, next) => out.push(NARROW_NBSP),
                    _ => {}
                }
                out.push(sign);
            }
            i = copied;
        }
        out.push_str(&text[copied..]);
        self.pass(&out);
        Spaced {
            text: Cow::Owned(out),
            narrow_previous,
        }
    }
}

/// Whether `sign`, written right after `previous` with no space, gets a
/// narrow no-break space before it (see [`Spacer::apply`]).
fn wants_space(sign: char, previous: char, next: Option<char>) -> bool {
    let ends_word = next.is_none_or(|n| n.is_whitespace() || "!?;:»).,".contains(n));
    match sign {
        '»' => !previous.is_whitespace(),
        ':' => previous.is_alphabetic() && next.is_none_or(char::is_whitespace),
        _ => (previous.is_alphanumeric() || ")]»’'\"".contains(previous)) && ends_word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: char = NARROW_NBSP;

    #[test]
    fn high_punctuation_gets_a_narrow_space_instead_of_a_space() {
        assert_eq!(
            french("Mali : blocus ; et ! ou ?"),
            format!("Mali{N}: blocus{N}; et{N}! ou{N}?")
        );
        assert_eq!(french("Mali\u{a0}: blocus"), format!("Mali{N}: blocus"));
        assert_eq!(french("Mali : x"), french("Mali : x").as_ref());
    }

    #[test]
    fn a_missing_space_is_added_where_french_wants_one() {
        assert_eq!(french("Note: voir"), format!("Note{N}: voir"));
        assert_eq!(french("Pourquoi?"), format!("Pourquoi{N}?"));
        assert_eq!(french("Quoi?!"), format!("Quoi{N}?!"));
        assert_eq!(french("(voir)!"), format!("(voir){N}!"));
    }

    #[test]
    fn times_urls_and_ratios_are_left_alone() {
        for text in [
            "à 10:30",
            "https://example.org/?q=1&a=2",
            "ratio 1:2",
            "std::vec",
            "a?b",
            "mailto:x@y.z",
        ] {
            assert_eq!(french(text), text, "{text}");
        }
    }

    #[test]
    fn guillemets_hold_their_words_with_narrow_spaces() {
        assert_eq!(french("« oui »"), format!("«{N}oui{N}»"));
        assert_eq!(french("«oui»"), format!("«{N}oui{N}»"));
        assert_eq!(french("“oui”"), format!("«{N}oui{N}»"));
        assert_eq!(french("«\u{a0}oui\u{a0}»"), format!("«{N}oui{N}»"));
        // Applied twice, nothing more changes.
        let once = french("« oui » : non ?").into_owned();
        assert_eq!(french(&once), once);
    }

    #[test]
    fn text_without_signs_is_borrowed() {
        assert!(matches!(french("Sénégal–Mali"), Cow::Borrowed(_)));
    }

    #[test]
    fn pieces_know_what_came_before_them() {
        // `*JNIM*: x` comes as "JNIM" then ": x".
        let mut spacer = Spacer::default();
        spacer.apply("le JNIM");
        assert_eq!(spacer.apply(": x").text, format!("{N}: x"));
        // `*JNIM* : x` has its space in the same piece.
        let mut spacer = Spacer::default();
        spacer.apply("JNIM");
        assert_eq!(spacer.apply(" : x").text, format!("{N}: x"));
        // A piece ending with a space, the next starting with ":".
        let mut spacer = Spacer::default();
        spacer.apply("Mali ");
        let spaced = spacer.apply(": x");
        assert_eq!(spaced.text, ": x");
        assert!(spaced.narrow_previous);
        // After a reset (a new block), nothing came before.
        spacer.reset();
        assert_eq!(spacer.apply(": x").text, ": x");
        // Inline code passes by untouched, but counts as what came before.
        let mut spacer = Spacer::default();
        spacer.pass("code");
        assert_eq!(spacer.apply(": x").text, format!("{N}: x"));
    }
}
