use std::path::Path;

use super::probe::read;
use super::*;
use crate::config::{ImageCache, Images};

/// A PNG of `width` × `height` pixels: a gradient, so that copies differ.
pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("a PNG can be written");
    out
}

/// A JPEG of `width` × `height` pixels.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, 90, (y % 256) as u8])
    });
    let mut out = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .expect("a JPEG can be written");
    out
}

#[test]
fn reads_size_and_format_from_the_header() {
    let picture = read(&png(40, 30), Format::Png).expect("a good PNG");
    assert_eq!(
        (picture.format, picture.width, picture.height),
        (Format::Png, 40, 30)
    );
    let picture = read(&jpeg(16, 8), Format::Jpeg).expect("a good JPEG");
    assert_eq!((picture.width, picture.height), (16, 8));
}

#[test]
fn empty_truncated_and_misnamed_images_are_refused() {
    assert_eq!(read(&[], Format::Png), Err(ImageProblem::Empty));
    let whole = png(40, 30);
    assert_eq!(
        read(&whole[..whole.len() / 2], Format::Png),
        Err(ImageProblem::Truncated("PNG"))
    );
    assert_eq!(
        read(&whole[..10], Format::Png),
        Err(ImageProblem::Truncated("PNG"))
    );
    let photo = jpeg(64, 64);
    assert_eq!(
        read(&photo[..photo.len() - 40], Format::Jpeg),
        Err(ImageProblem::Truncated("JPEG"))
    );
    assert!(matches!(
        read(&photo, Format::Png),
        Err(ImageProblem::WrongFormat {
            expected: "PNG",
            ..
        })
    ));
    assert_eq!(
        read(b"hello, not an image", Format::Png),
        Err(ImageProblem::NotAnImage("PNG"))
    );
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // A real PNG whose header claims 20,000 × 20,000 pixels.
    let mut bomb = png(4, 4);
    bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    assert_eq!(
        read(&bomb, Format::Png),
        Err(ImageProblem::TooLarge {
            width: 20_000,
            height: 20_000
        })
    );
}

#[test]
fn an_svg_gives_its_size_or_its_view_box() {
    let sized = br#"<svg xmlns="http://www.w3.org/2000/svg" width="640px" height="360" viewBox="0 0 10 10"/>"#;
    let picture = read(sized, Format::Svg).expect("an SVG");
    assert_eq!((picture.width, picture.height), (640, 360));
    let boxed = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 720 405"/>"#;
    let picture = read(boxed, Format::Svg).expect("an SVG");
    assert_eq!((picture.width, picture.height), (720, 405));
    let bare = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#;
    assert_eq!(read(bare, Format::Svg).map(|p| p.width), Ok(0));
    assert!(matches!(
        read(b"<html/>", Format::Svg),
        Err(ImageProblem::BadSvg(_))
    ));
    assert!(matches!(
        read(b"<svg", Format::Svg),
        Err(ImageProblem::BadSvg(_))
    ));
}

#[test]
fn only_large_pngs_and_jpegs_get_copies() {
    let images = Images::default();
    let picture = |format, width, height| Picture {
        format,
        width,
        height,
        turned: false,
    };
    assert!(copies(&picture(Format::Png, 1600, 900), &images).is_empty());
    assert!(copies(&picture(Format::Gif, 4000, 900), &images).is_empty());
    assert!(copies(&picture(Format::Svg, 4000, 900), &images).is_empty());
    let made = copies(&picture(Format::Png, 2000, 1000), &images);
    let shown: Vec<(u32, u32, Format)> =
        made.iter().map(|c| (c.width, c.height, c.format)).collect();
    assert_eq!(
        shown,
        [
            (480, 240, Format::Png),
            (480, 240, Format::Webp),
            (960, 480, Format::Png),
            (960, 480, Format::Webp),
            (1600, 800, Format::Png),
            (1600, 800, Format::Webp),
        ]
    );
    let made = copies(&picture(Format::Jpeg, 1700, 1000), &images);
    assert!(made.iter().all(|c| c.format == Format::Jpeg));
    assert_eq!(made.len(), 3);
}

#[test]
fn copies_are_made_once_and_then_read_from_the_cache() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = dir.path().join("wide.png");
    std::fs::write(&source, png(900, 300)).expect("write");
    let images = Images {
        max_width: 500,
        widths: vec![200, 400],
    };
    let cache = ImageCache {
        dir: dir.path().join("cache"),
        write: true,
        trust: true,
    };
    let picture = probe(&source).expect("an image").expect("a good one");
    let wanted = copies(&picture, &images);
    assert_eq!(wanted.len(), 4);
    let make = |maker: &Maker| -> Vec<Vec<u8>> {
        wanted
            .iter()
            .map(|c| maker.copy(&source, &picture, *c).expect("a copy"))
            .collect()
    };
    let first = Maker::new(&images, Some(&cache));
    let made = make(&first);
    assert_eq!(
        first.stats(),
        Stats {
            decoded: 1,
            reused: 0
        }
    );
    for (bytes, copy) in made.iter().zip(&wanted) {
        let decoded = image::load_from_memory(bytes).expect("a copy is a valid image");
        assert_eq!(
            (decoded.width(), decoded.height()),
            (copy.width, copy.height)
        );
    }
    let second = Maker::new(&images, Some(&cache));
    assert_eq!(make(&second), made, "the cache gives the same bytes");
    assert_eq!(
        second.stats(),
        Stats {
            decoded: 0,
            reused: 4
        }
    );
    // Without a cache, the same bytes are made again.
    let alone = Maker::new(&images, None);
    assert_eq!(make(&alone), made);
    assert_eq!(alone.stats().decoded, 1);
    // A cache that may not be written is read, and gets nothing new.
    let read_only = ImageCache {
        dir: dir.path().join("other"),
        write: false,
        trust: true,
    };
    let _ = make(&Maker::new(&images, Some(&read_only)));
    assert!(!Path::new(&read_only.dir).exists());
}
