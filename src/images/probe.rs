//! Reading what an image file is, from its bytes and without decoding its
//! pixels: its format (from its first bytes, which must agree with its
//! extension), its size (from its header, with `imagesize`; an SVG's from
//! its root element), and whether it is whole (a PNG ends with its `IEND`
//! chunk, a JPEG with its end marker).

use std::path::Path;

use super::Format;

/// The most pixels an image may have (64 megapixels, such as 8,000 × 8,000):
/// a larger one is refused before anything decodes it. Decoding needs 4
/// bytes a pixel; a 20,000 × 20,000 PNG of a few kilobytes would take 1.6
/// GB ("decompression bomb"). A 48-megapixel phone photo passes.
pub const MAX_PIXELS: u64 = 64_000_000;

/// An image file that can be shown: its format and size as shown (a JPEG
/// turned by its EXIF orientation counts as turned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Picture {
    /// What it is.
    pub format: Format,
    /// Width in pixels (for an SVG, in CSS pixels); 0 when an SVG gives none.
    pub width: u32,
    /// Height, likewise.
    pub height: u32,
    /// Whether the pixels are turned a quarter turn by the file's EXIF
    /// orientation (JPEG): width and height above are already swapped.
    pub turned: bool,
}

/// Why an image file cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    /// The file has no bytes.
    #[error("the file is empty")]
    Empty,
    /// The file stops before its end (a PNG without `IEND`, a JPEG without
    /// its end marker, a header cut short).
    #[error("the {0} file is cut short (truncated): save or export it again")]
    Truncated(&'static str),
    /// The bytes are another format than the extension says.
    #[error("its name says {expected}, but it holds {found}: rename it or convert it")]
    WrongFormat {
        /// The format its extension names.
        expected: &'static str,
        /// What the bytes are.
        found: String,
    },
    /// The bytes are not an image at all.
    #[error("it is not a {0} image (its first bytes are not)")]
    NotAnImage(&'static str),
    /// More than [`MAX_PIXELS`] pixels.
    #[error(
        "it is {width} × {height} pixels, more than dossier reads ({} megapixels): reduce it first",
        MAX_PIXELS / 1_000_000
    )]
    TooLarge {
        /// Its width.
        width: u64,
        /// Its height.
        height: u64,
    },
    /// An SVG that is not well-formed XML with an `<svg>` root.
    #[error("it is not a valid SVG drawing: {0}")]
    BadSvg(String),
    /// Reading or decoding failed.
    #[error("it cannot be read: {0}")]
    Unreadable(String),
}

/// What the file at `path` is as an image: `None` when its extension is no
/// image's (`.pdf`, `.csv`), else its picture or why it cannot be shown.
/// Reads the file, decodes no pixel.
pub fn probe(path: &Path) -> Option<Result<Picture, ImageProblem>> {
    let expected = format_of_name(path)?;
    Some(match std::fs::read(path) {
        Ok(bytes) => read(&bytes, expected),
        Err(error) => Err(ImageProblem::Unreadable(error.to_string())),
    })
}

/// The format a file's extension names, in any case; `None` for files
/// that are no images.
pub fn format_of_name(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => Format::Png,
        "jpg" | "jpeg" => Format::Jpeg,
        "gif" => Format::Gif,
        "webp" => Format::Webp,
        "svg" => Format::Svg,
        "avif" | "bmp" | "tif" | "tiff" | "ico" => Format::Other,
        _ => return None,
    })
}

/// What the bytes of a file named as `expected` are.
pub fn read(bytes: &[u8], expected: Format) -> Result<Picture, ImageProblem> {
    if bytes.is_empty() {
        return Err(ImageProblem::Empty);
    }
    if expected == Format::Svg {
        return svg(bytes);
    }
    let found = match imagesize::image_type(bytes) {
        Ok(found) => found,
        Err(imagesize::ImageError::NotSupported) => {
            return Err(ImageProblem::NotAnImage(expected.name()));
        }
        Err(_) => return Err(ImageProblem::Truncated(expected.name())),
    };
    let format = match found {
        imagesize::ImageType::Png => Format::Png,
        imagesize::ImageType::Jpeg => Format::Jpeg,
        imagesize::ImageType::Gif => Format::Gif,
        imagesize::ImageType::Webp => Format::Webp,
        imagesize::ImageType::Heif(_)
        | imagesize::ImageType::Bmp
        | imagesize::ImageType::Tiff
        | imagesize::ImageType::Ico => Format::Other,
        other => {
            return Err(ImageProblem::WrongFormat {
                expected: expected.name(),
                found: format!("{other:?}").to_ascii_uppercase(),
            });
        }
    };
    if format != expected {
        return Err(ImageProblem::WrongFormat {
            expected: expected.name(),
            found: format.name().to_string(),
        });
    }
    let size = imagesize::blob_size(bytes).map_err(|_| ImageProblem::Truncated(format.name()))?;
    let (width, height) = (size.width as u64, size.height as u64);
    if width * height > MAX_PIXELS {
        return Err(ImageProblem::TooLarge { width, height });
    }
    let whole = match format {
        Format::Png => bytes.ends_with(&PNG_END),
        Format::Jpeg => jpeg_ends(bytes),
        _ => true,
    };
    if !whole {
        return Err(ImageProblem::Truncated(format.name()));
    }
    let turned = format == Format::Jpeg && jpeg_turned(bytes);
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Picture {
        format,
        width: u32::try_from(width).unwrap_or(u32::MAX),
        height: u32::try_from(height).unwrap_or(u32::MAX),
        turned,
    })
}

/// The last chunk of every PNG: `IEND`, empty, with its checksum.
const PNG_END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];

/// How far from the end a JPEG's end marker may be: some cameras append
/// data after it.
const JPEG_TAIL: usize = 4096;

/// Whether a JPEG ends: its end-of-image marker (`FF D9`) is in its last
/// bytes. Inside the compressed data, `FF` is never followed by `D9`.
fn jpeg_ends(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(JPEG_TAIL)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Whether a JPEG's EXIF orientation turns it a quarter turn (orientations
/// 5 to 8), which swaps its width and height as shown.
fn jpeg_turned(bytes: &[u8]) -> bool {
    use image::ImageDecoder as _;
    let Ok(mut decoder) = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    decoder.orientation().is_ok_and(|o| {
        use image::metadata::Orientation::*;
        matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    })
}

/// An SVG's size: its root's `width` and `height` when both are lengths in
/// pixels (or without a unit), else its `viewBox`'s; 0 × 0 when it gives
/// none (it is then shown at the size CSS gives it).
fn svg(bytes: &[u8]) -> Result<Picture, ImageProblem> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImageProblem::BadSvg("it is not UTF-8 text".to_string()))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| ImageProblem::BadSvg(e.to_string()))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(ImageProblem::BadSvg(format!(
            "its root element is `<{}>`, not `<svg>`",
            root.tag_name().name()
        )));
    }
    let length = |name: &str| -> Option<f64> {
        let value = root.attribute(name)?.trim();
        let number = value.strip_suffix("px").unwrap_or(value).trim();
        number
            .parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0 && n.is_finite())
    };
    let from_box = || -> Option<(f64, f64)> {
        let numbers: Vec<f64> = root
            .attribute("viewBox")?
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::parse::<f64>)
            .collect::<Result<_, _>>()
            .ok()?;
        match numbers.as_slice() {
            [_, _, w, h] if *w > 0.0 && *h > 0.0 && w.is_finite() && h.is_finite() => {
                Some((*w, *h))
            }
            _ => None,
        }
    };
    let (width, height) = match (length("width"), length("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => from_box().unwrap_or((0.0, 0.0)),
    };
    let pixels = |n: f64| n.round().clamp(0.0, f64::from(u32::MAX)) as u32;
    Ok(Picture {
        format: Format::Svg,
        width: pixels(width),
        height: pixels(height),
        turned: false,
    })
}
