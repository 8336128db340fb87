//! Images of documents (issue #12): what an image file is and how large
//! ([`probe`], from its header, without decoding it), which lighter copies
//! a large one gets ([`copies`]), and making those copies ([`Maker`]),
//! cached between runs by the hash of the image's bytes.
//!
//! Hands on [`Picture`]s (format and size) to `content` and the plan, which
//! decide where files go, and copies' bytes to `render`. It knows nothing
//! of documents, routes or URLs, and writes nothing but its cache: a folder
//! outside the output (`.public.dossier-cache/images/` beside `public/`).
//!
//! Only PNG and JPEG images wider than `images.max_width` are decoded: an
//! image is refused before decoding when it has more than [`MAX_PIXELS`]
//! pixels (a "decompression bomb": a small file that expands to gigabytes),
//! and the decoder is held to the same limit.

mod copies;
mod probe;
#[cfg(test)]
mod tests;

pub use copies::{Copy, Maker, Stats, copies};
pub use probe::{ImageProblem, MAX_PIXELS, Picture, probe};

/// What kind of image a file is, read from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// PNG: resized copies in PNG and lossless WebP.
    Png,
    /// JPEG: resized copies in JPEG.
    Jpeg,
    /// GIF: copied as it is (it may be animated).
    Gif,
    /// WebP: copied as it is.
    Webp,
    /// SVG: copied as it is (a drawing has no pixel size to reduce).
    Svg,
    /// AVIF, BMP, TIFF, ICO: copied as they are.
    Other,
}

impl Format {
    /// The file extension of a copy in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Svg => "svg",
            Format::Other => "bin",
        }
    }

    /// The media type, for `<source type=…>`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
            Format::Svg => "image/svg+xml",
            Format::Other => "application/octet-stream",
        }
    }

    /// The name users read in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Svg => "SVG",
            Format::Other => "image",
        }
    }
}
