//! The lighter copies of large images: which ones an image gets
//! ([`copies`]) and making them ([`Maker`]), each image decoded once for
//! all its copies, and each copy kept in a cache folder under a name made
//! from the hash of the image's bytes and the copy's parameters, so that an
//! unchanged image costs the next run a read, not a decode.
//!
//! WebP copies are lossless (the `image` crate writes no lossy WebP): for
//! charts, maps and screenshots (PNG) they were 0–30 % lighter than PNG, so
//! PNG images get both; for photos they were five to six times heavier than
//! a JPEG at quality 82, so JPEG images get JPEG copies only
//! (docs/performance.md gives the measures).

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use image::{DynamicImage, ImageDecoder as _, ImageEncoder as _};

use super::{Format, ImageProblem, MAX_PIXELS, Picture};
use crate::config::{ImageCache, Images};

/// One lighter copy of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Copy {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels, in the image's proportions.
    pub height: u32,
    /// Its format.
    pub format: Format,
}

/// The quality of JPEG copies (of 100): no visible loss at the sizes shown.
const JPEG_QUALITY: u8 = 82;

/// Bumped when the way copies are made changes, so that older copies in a
/// cache are not taken for the new ones.
const RECIPE: u32 = 1;

/// The lighter copies of an image: none unless it is a PNG or JPEG wider
/// than `images.max_width`; else one per width of `images.widths` (that is
/// narrower than the image), in the image's own format, and in WebP for a
/// PNG. Narrowest first, the image's format before WebP.
pub fn copies(picture: &Picture, images: &Images) -> Vec<Copy> {
    let formats: &[Format] = match picture.format {
        Format::Png => &[Format::Png, Format::Webp],
        Format::Jpeg => &[Format::Jpeg],
        _ => return Vec::new(),
    };
    if picture.width <= images.max_width || picture.height == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &width in images.widths.iter().filter(|w| **w < picture.width) {
        let height = (u64::from(picture.height) * u64::from(width) + u64::from(picture.width) / 2)
            / u64::from(picture.width);
        let height = u32::try_from(height.max(1)).unwrap_or(u32::MAX);
        for &format in formats {
            out.push(Copy {
                width,
                height,
                format,
            });
        }
    }
    out
}

/// How many images a run decoded, and how many copies it found made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Images decoded to make copies.
    pub decoded: usize,
    /// Copies read from the cache instead.
    pub reused: usize,
}

/// Makes the copies of one run, reading and filling the cache. Shared by
/// the threads that render: an image's copies are made together, by the
/// first thread that needs one of them, and handed out one by one.
pub struct Maker {
    cache: Option<ImageCache>,
    images: Images,
    sources: Mutex<HashMap<PathBuf, Arc<Source>>>,
    decoded: AtomicUsize,
    reused: AtomicUsize,
}

/// What a run knows of one image file.
#[derive(Default)]
struct Source {
    /// The name its copies have in the cache: the hash of its bytes.
    key: OnceLock<Result<String, ImageProblem>>,
    /// Whether all its copies were made (or why they could not be).
    made: OnceLock<Result<(), ImageProblem>>,
    /// Copies made and not yet handed out.
    bytes: Mutex<HashMap<Copy, Vec<u8>>>,
}

impl Maker {
    /// A maker for one run: `images` says which copies an image gets, and
    /// `cache` where copies are kept between runs (none: this run only).
    pub fn new(images: &Images, cache: Option<&ImageCache>) -> Maker {
        Maker {
            cache: cache.cloned(),
            images: images.clone(),
            sources: Mutex::new(HashMap::new()),
            decoded: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }

    /// What this run decoded and reused so far.
    pub fn stats(&self) -> Stats {
        Stats {
            decoded: self.decoded.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
        }
    }

    /// The bytes of one copy of the image at `path`.
    pub fn copy(
        &self,
        path: &Path,
        picture: &Picture,
        copy: Copy,
    ) -> Result<Vec<u8>, ImageProblem> {
        let source = {
            let mut sources = self
                .sources
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(sources.entry(path.to_path_buf()).or_default())
        };
        let key = source.key.get_or_init(|| key(path)).clone()?;
        // Copies made by this run are handed out from memory; the cache
        // serves those of earlier runs.
        if source.made.get().is_none()
            && let Some(bytes) = self.cached(&key, copy)
        {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(bytes);
        }
        source
            .made
            .get_or_init(|| self.make_all(path, picture, &key, &source))
            .clone()?;
        let taken = source
            .bytes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&copy);
        taken
            .or_else(|| self.cached(&key, copy))
            .ok_or_else(|| ImageProblem::Unreadable("a copy was asked for twice".to_string()))
    }

    /// The file of a copy in the cache.
    fn cache_file(&self, key: &str, copy: Copy) -> Option<PathBuf> {
        let cache = self.cache.as_ref()?;
        Some(cache.dir.join(format!(
            "{key}-{}x{}-r{RECIPE}.{}",
            copy.width,
            copy.height,
            copy.format.extension()
        )))
    }

    /// A copy from the cache, when there.
    fn cached(&self, key: &str, copy: Copy) -> Option<Vec<u8>> {
        // `build --clean` makes every copy again (issue 17).
        if !self.cache.as_ref()?.trust {
            return None;
        }
        std::fs::read(self.cache_file(key, copy)?).ok()
    }

    /// Decodes the image once and makes every copy it gets, into the cache
    /// (when it may be written) and into `source` for the threads that
    /// asked.
    fn make_all(
        &self,
        path: &Path,
        picture: &Picture,
        key: &str,
        source: &Source,
    ) -> Result<(), ImageProblem> {
        let wanted = copies(picture, &self.images);
        let image = decode(path)?;
        self.decoded.fetch_add(1, Ordering::Relaxed);
        let mut made = HashMap::new();
        // Widest first, each from the one before: a copy is never more
        // than a few times smaller than what it is made from.
        let mut from = image;
        let mut widths: Vec<(u32, u32)> = wanted.iter().map(|c| (c.width, c.height)).collect();
        widths.sort_unstable_by(|a, b| b.cmp(a));
        widths.dedup();
        for (width, height) in widths {
            let resized = from.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
            for copy in wanted
                .iter()
                .filter(|c| c.width == width && c.height == height)
            {
                let bytes = encode(&resized, copy.format)?;
                self.store(key, *copy, &bytes);
                made.insert(*copy, bytes);
            }
            from = resized;
        }
        source
            .bytes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(made);
        Ok(())
    }

    /// Keeps a copy in the cache, when it may be written: into a file of
    /// its own first, renamed into place, so that a run stopped midway
    /// leaves no half copy under a good name. A cache that cannot be
    /// written costs the next run the time to make the copy again.
    fn store(&self, key: &str, copy: Copy, bytes: &[u8]) {
        let (Some(cache), Some(file)) = (self.cache.as_ref(), self.cache_file(key, copy)) else {
            return;
        };
        if !cache.write || std::fs::create_dir_all(&cache.dir).is_err() {
            return;
        }
        let partial = file.with_extension(format!("partial-{}", std::process::id()));
        if std::fs::write(&partial, bytes).is_ok() && std::fs::rename(&partial, &file).is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
}

/// The hash of a file's bytes, in 32 hexadecimal digits: SipHash with fixed
/// keys, twice with different starts (128 bits). It may change with the
/// Rust version, which only makes copies again.
fn key(path: &Path) -> Result<String, ImageProblem> {
    let bytes = std::fs::read(path).map_err(|e| ImageProblem::Unreadable(e.to_string()))?;
    let half = |start: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        start.hash(&mut hasher);
        bytes.hash(&mut hasher);
        hasher.finish()
    };
    Ok(format!("{:016x}{:016x}", half(1), half(2)))
}

/// Decodes an image within [`MAX_PIXELS`], turned as its EXIF orientation
/// says.
fn decode(path: &Path) -> Result<DynamicImage, ImageProblem> {
    let unreadable = |e: image::ImageError| ImageProblem::Unreadable(e.to_string());
    let bytes = std::fs::read(path).map_err(|e| ImageProblem::Unreadable(e.to_string()))?;
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageProblem::Unreadable(e.to_string()))?;
    let mut limits = image::Limits::default();
    let side = u32::try_from(MAX_PIXELS).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageProblem::TooLarge {
            width: u64::from(width),
            height: u64::from(height),
        });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    // Eight bits a channel is what browsers show; keep transparency only
    // where there is some to keep.
    Ok(if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    })
}

/// Encodes a copy.
fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, ImageProblem> {
    let failed = |e: image::ImageError| ImageProblem::Unreadable(e.to_string());
    let mut out = Vec::new();
    let (width, height) = (image.width(), image.height());
    match format {
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Format::Png => image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Default,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(image.as_bytes(), width, height, image.color().into())
        .map_err(failed)?,
        Format::Webp => image::codecs::webp::WebPEncoder::new_lossless(&mut out)
            .write_image(image.as_bytes(), width, height, image.color().into())
            .map_err(failed)?,
        Format::Gif | Format::Svg | Format::Other => {
            unreachable!("copies are made in PNG, JPEG and WebP only")
        }
    }
    Ok(out)
}
