//! Text from the bytes of a file, checked as UTF-8 by `simdutf8`.
//!
//! A build checks every byte it reads: 940 MB at 100,000 briefs. The
//! standard library's check ran at about 2 GB/s on French text (its fast
//! path is for ASCII only) and was 3 % of a rebuild's CPU (`perf`, issue
//! 17); `simdutf8` checks the same bytes with SIMD, several times faster.
//! A text that fails is checked again by the standard library, whose
//! error says where: reports quote that position.

use std::string::FromUtf8Error;

/// `bytes` as a `String` when they are UTF-8, else the standard library's
/// error (with the position of the first bad byte and the bytes).
///
/// ```
/// assert_eq!(dossier::utf8::string(b"d\xc3\xa9j\xc3\xa0".to_vec()).unwrap(), "déjà");
/// let error = dossier::utf8::string(b"ab\xff".to_vec()).unwrap_err();
/// assert_eq!(error.utf8_error().valid_up_to(), 2);
/// ```
pub fn string(bytes: Vec<u8>) -> Result<String, FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just checked that `bytes` are UTF-8, which
        // is all `from_utf8_unchecked` requires.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every input, valid or not, gets the standard library's answer:
    /// the same text, or an error at the same position.
    #[test]
    fn it_answers_as_the_standard_library_does() {
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"plain ASCII".to_vec(),
            "Sahel : l'armée a dit « non » — 40 % 😀"
                .as_bytes()
                .to_vec(),
            b"\xef\xbb\xbfBOM".to_vec(),
            b"\xc3".to_vec(),
            b"\xed\xa0\x80 surrogate".to_vec(),
            b"\xf4\x90\x80\x80 above U+10FFFF".to_vec(),
            b"\xc0\xaf overlong".to_vec(),
        ];
        // Long texts, to reach the SIMD paths, with a bad byte at every
        // place in the last blocks.
        let long = "é".repeat(100) + &"a".repeat(77);
        inputs.push(long.as_bytes().to_vec());
        for at in long.len() - 70..long.len() {
            let mut bytes = long.as_bytes().to_vec();
            bytes[at] = 0xff;
            inputs.push(bytes);
        }
        for bytes in inputs {
            let ours = string(bytes.clone()).map_err(|e| e.utf8_error());
            let std = String::from_utf8(bytes).map_err(|e| e.utf8_error());
            assert_eq!(ours, std);
        }
    }
}
