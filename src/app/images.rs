//! Turning an uploaded photo into what is stored: decoded under limits (JPEG, PNG and WebP
//! with the `image` crate, HEIC with the system's libheif through `libheif-rs`), turned
//! upright, scaled to at most 2048 px on the long side and re-encoded as JPEG (which leaves
//! EXIF, GPS position included, behind), plus a thumbnail. Slow and CPU-bound: callers run it
//! on a blocking thread, outside any transaction.

use std::io::Cursor;
use std::sync::OnceLock;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use libheif_rs::{ColorSpace, HeifContext, LibHeif, RgbChroma, SecurityLimits};

use crate::app::error::AppError;
use crate::domain::photo::{sniff, ImageKind, MAX_DECODED_SIDE, MAX_DECODE_ALLOC, MAX_STORED_SIDE, THUMBNAIL_SIDE};

/// The JPEG quality of stored photos and thumbnails.
const JPEG_QUALITY: u8 = 85;

/// A photo ready to store: both images are JPEG.
pub struct Processed {
    pub full: Vec<u8>,
    pub thumbnail: Vec<u8>,
}

/// How an upload is decoded, told by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoder {
    /// The `image` crate, in this format.
    Image(ImageFormat),
    /// libheif.
    Heif,
}

/// Why an upload is refused, told before any decoding: 415 for what is not a photo we take.
pub fn check_kind(bytes: &[u8]) -> Result<Decoder, AppError> {
    match sniff(bytes) {
        Some(ImageKind::Jpeg) => Ok(Decoder::Image(ImageFormat::Jpeg)),
        Some(ImageKind::Png) => Ok(Decoder::Image(ImageFormat::Png)),
        Some(ImageKind::WebP) => Ok(Decoder::Image(ImageFormat::WebP)),
        Some(ImageKind::Heic) => Ok(Decoder::Heif),
        None => Err(AppError::UnsupportedMediaType(
            "the file is not a JPEG, PNG, WebP or HEIC image (told by its content, not its name)".into(),
        )),
    }
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::invalid("body", format!("the image could not be read: {e}"))
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

/// libheif, initialised once for the process (each init loads its plugins).
fn libheif() -> &'static LibHeif {
    static LIBHEIF: OnceLock<LibHeif> = OnceLock::new();
    LIBHEIF.get_or_init(LibHeif::new)
}

/// Decodes the primary image of a HEIC/HEIF file as 8-bit RGB, turned upright by libheif (its
/// rotation and mirror boxes), within the same size and memory limits as the others.
fn decode_heif(bytes: &[u8]) -> Result<DynamicImage, AppError> {
    let mut context = HeifContext::read_from_bytes(bytes).map_err(unreadable)?;
    let mut limits = SecurityLimits::new();
    limits.set_max_image_size_pixels(u64::from(MAX_DECODED_SIDE) * u64::from(MAX_DECODED_SIDE));
    limits.set_max_memory_block_size(MAX_DECODE_ALLOC);
    context.set_security_limits(&limits).map_err(unreadable)?;
    let handle = context.primary_image_handle().map_err(unreadable)?;
    if handle.width().max(handle.height()) > MAX_DECODED_SIDE {
        return Err(unreadable(format!("larger than {MAX_DECODED_SIDE} px a side")));
    }
    let image = libheif().decode(&handle, ColorSpace::Rgb(RgbChroma::Rgb), None).map_err(unreadable)?;
    let plane = image.planes().interleaved.ok_or_else(|| unreadable("no RGB plane"))?;
    let (width, height) = (plane.width, plane.height);
    let row = width as usize * 3;
    let mut pixels = Vec::with_capacity(row * height as usize);
    for line in plane.data.chunks(plane.stride.max(1)).take(height as usize) {
        pixels.extend_from_slice(line.get(..row).ok_or_else(|| unreadable("a short row"))?);
    }
    RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8).ok_or_else(|| unreadable("a short image"))
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
    let image = match check_kind(bytes)? {
        Decoder::Image(format) => decode(bytes, format)?,
        Decoder::Heif => decode_heif(bytes)?,
    };
    let full = if image.width().max(image.height()) > MAX_STORED_SIDE {
        image.resize(MAX_STORED_SIDE, MAX_STORED_SIDE, image::imageops::FilterType::Triangle)
    } else {
        image
    };
    let thumbnail = full.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    Ok(Processed { full: jpeg(&full)?, thumbnail: jpeg(&thumbnail)? })
}
