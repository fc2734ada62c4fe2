//! Turning an uploaded photo into what is stored: decoded under limits (JPEG, PNG and WebP
//! with the `image` crate; HEIC is refused, as iPhones hand web pages a JPEG), turned
//! upright, scaled to at most 2048 px on the long side and re-encoded as JPEG (which leaves
//! EXIF, GPS position included, behind), plus a thumbnail. Slow and CPU-bound: callers run it
//! on a blocking thread, outside any transaction.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::app::error::AppError;
use crate::domain::photo::{sniff, ImageKind, MAX_DECODED_SIDE, MAX_DECODE_ALLOC, MAX_STORED_SIDE, THUMBNAIL_SIDE};

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

fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, AppError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    Ok(image)
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
    let image = decode(bytes, check_kind(bytes)?)?;
    let full = if image.width().max(image.height()) > MAX_STORED_SIDE {
        image.resize(MAX_STORED_SIDE, MAX_STORED_SIDE, image::imageops::FilterType::Triangle)
    } else {
        image
    };
    let thumbnail = full.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    Ok(Processed { full: jpeg(&full)?, thumbnail: jpeg(&thumbnail)? })
}
