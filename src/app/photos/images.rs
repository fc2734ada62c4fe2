//! Turning an uploaded photo into what is stored: decoded within the memory budget of
//! `domain::photo` (JPEG, PNG and WebP with the `image` crate; HEIC is refused, as iPhones
//! hand web pages a JPEG; the size is checked from the header before anything is decoded),
//! scaled to at most 2048 px on the long side, then turned upright (the small image, never
//! the decoded one) and re-encoded as JPEG (which leaves EXIF, GPS position included,
//! behind), plus a thumbnail. The `image` crate cannot decode a JPEG at a reduced scale, so
//! the decoded image is full size once; it is dropped as soon as it is scaled. Slow and
//! CPU-bound: callers run it on a blocking thread, outside any transaction.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::app::error::AppError;
use crate::domain::photo::{
    decoded_size_refusal, sniff, ImageKind, MAX_DECODED_SIDE, MAX_DECODE_ALLOC, MAX_STORED_SIDE, THUMBNAIL_SIDE,
};

/// The JPEG quality of stored photos and thumbnails.
const JPEG_QUALITY: u8 = 85;

/// A photo ready to store: both images are JPEG.
pub struct Processed {
    pub full: Vec<u8>,
    pub thumbnail: Vec<u8>,
}

/// Why an upload is refused, told before any decoding: 415 for what is not a photo we take.
pub fn check_kind(bytes: &[u8]) -> Result<ImageFormat, AppError> {
    match sniff(bytes) {
        Some(ImageKind::Jpeg) => Ok(ImageFormat::Jpeg),
        Some(ImageKind::Png) => Ok(ImageFormat::Png),
        Some(ImageKind::WebP) => Ok(ImageFormat::WebP),
        Some(ImageKind::Heif) => Err(AppError::UnsupportedMediaType(msg!("heic-heif-images-are-not-taken"))),
        None => Err(AppError::UnsupportedMediaType(msg!("file-not-jpeg-png-webp-image"))),
    }
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::invalid("body", msg!("image-could-not-read", cause = e.to_string()))
}

/// Decodes at its stored size: refused from the header when too large, scaled down as soon
/// as it is decoded, then turned upright.
fn decode_scaled(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, AppError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if let Some(reason) = decoded_size_refusal(width, height, decoder.total_bytes()) {
        return Err(AppError::invalid("body", reason));
    }
    let orientation = decoder.orientation().map_err(unreadable)?;
    let decoded = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    let mut image = scaled_down(decoded, MAX_STORED_SIDE);
    image.apply_orientation(orientation);
    Ok(image)
}

/// Fits `image` within `side` × `side`, taking it (so the large image is freed on return).
/// Twice as large or more: box-averaged in one integer pass that allocates only its output.
/// Less: smoothed with a triangle filter, whose float copy of 16 bytes a pixel stays under
/// `MAX_SCALING_ALLOC` because the image is at most twice `side`.
fn scaled_down(image: DynamicImage, side: u32) -> DynamicImage {
    let long = image.width().max(image.height());
    if long <= side {
        image
    } else if long >= 2 * side {
        image.thumbnail(side, side)
    } else {
        image.resize(side, side, image::imageops::FilterType::Triangle)
    }
}

fn jpeg(image: &DynamicImage) -> Result<Vec<u8>, AppError> {
    let rgb = image.to_rgb8();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| AppError::Unexpected { context: "encoding a photo as JPEG".into(), cause: Some(Box::new(e)) })?;
    Ok(out)
}

/// Decodes, scales and re-encodes one upload; a 415 or 422 for what it cannot read.
pub fn process(bytes: &[u8]) -> Result<Processed, AppError> {
    let full = decode_scaled(bytes, check_kind(bytes)?)?;
    let thumbnail = full.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    Ok(Processed { full: jpeg(&full)?, thumbnail: jpeg(&thumbnail)? })
}

#[cfg(test)]
mod tests {
    use image::codecs::png::PngEncoder;
    use image::{ImageEncoder, RgbImage};

    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(picture.as_raw(), width, height, image::ExtendedColorType::Rgb8)
            .unwrap_or_else(|e| panic!("{e}"));
        out
    }

    /// The CRC-32 of a PNG chunk (type and data).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    fn dimensions(jpeg: &[u8]) -> (u32, u32) {
        image::load_from_memory(jpeg).map(|i| (i.width(), i.height())).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn large_and_small_photos_are_scaled_to_the_stored_size() {
        let big = process(&png(4200, 1000)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dimensions(&big.full), (2048, 488), "box-averaged");
        let middle = process(&png(3000, 2000)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dimensions(&middle.full), (2048, 1365), "smoothed");
        let small = process(&png(640, 480)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dimensions(&small.full), (640, 480));
        assert_eq!(dimensions(&small.thumbnail), (320, 240));
    }

    #[test]
    fn too_many_pixels_are_refused_from_the_header() {
        // An 11,000² PNG header with no pixel data: refused before anything is allocated.
        let mut header = png(1, 1);
        header[16..20].copy_from_slice(&11_000u32.to_be_bytes());
        header[20..24].copy_from_slice(&11_000u32.to_be_bytes());
        let crc = crc32(&header[12..29]);
        header[29..33].copy_from_slice(&crc.to_be_bytes());
        match process(&header) {
            Err(AppError::Validation(errors)) => assert_eq!(errors[0].reason.id, "image-too-many-pixels", "{errors:?}"),
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("decoded"),
        }
    }
}
