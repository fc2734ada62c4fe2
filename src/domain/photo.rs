//! Photos kept with a request: what a file is (told by its first bytes, never by its name or
//! declared type), who took it and at which stage, and the limits.

use super::msg::Msg;

/// The largest file taken, in bytes (10 MB).
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// The long side of the stored image, in pixels.
pub const MAX_STORED_SIDE: u32 = 2048;
/// The long side of the thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 320;
/// The largest width or height decoded, in pixels (a panorama; most photos meet
/// [`MAX_DECODED_PIXELS`] first).
pub const MAX_DECODED_SIDE: u32 = 12_000;
/// The most pixels decoded: 50 megapixels, the full resolution of the largest phone cameras
/// (48 MP is 8064 × 6048, 50 MP sensors 8160 × 6120), so every photo a phone takes is taken,
/// while a compressed "bomb" of 11,000² (121 MP) or 12,000² (144 MP) is refused from its
/// header before anything is allocated.
pub const MAX_DECODED_PIXELS: u64 = 50_000_000;
/// The most bytes the decoded image may take, checked before decoding: 4 bytes a pixel
/// (RGBA, 8 bits a channel) of [`MAX_DECODED_PIXELS`], 200 MB. A 16-bit image of more than
/// 25 megapixels is refused by it.
pub const MAX_DECODE_ALLOC: u64 = 4 * MAX_DECODED_PIXELS;
/// Photos decoded at once per instance; more wait for their turn in the queue.
pub const DECODES_AT_ONCE: usize = 2;
/// Uploads held at once per instance: being read, waiting for a decoder, or decoding. One
/// more is answered 503 with `Retry-After` before its body is read, so bodies held in memory
/// stay under `UPLOADS_AT_ONCE × MAX_PHOTO_BYTES` (80 MB).
pub const UPLOADS_AT_ONCE: usize = 8;
/// Seconds a client is asked to wait when the upload queue is full.
pub const UPLOADS_RETRY_SECONDS: u64 = 5;
/// How long a failed upload (unreadable, not an image, too large) counts against its
/// request's photo limit, in minutes.
pub const FAILED_UPLOAD_MINUTES: i64 = 60;
/// What scaling one photo down may take beyond its decoded image, in bytes: a photo of more
/// than twice [`MAX_STORED_SIDE`] is box-averaged straight to its stored size (an integer
/// pass that allocates only its 2048² output, 16 MiB), a smaller one (at most 4096² × 4 bytes,
/// 64 MiB decoded) is smoothed through a float copy of 16 bytes a pixel of 4096 × 2048
/// (128 MiB); its rotation turns the stored-size image, never the decoded one.
pub const MAX_SCALING_ALLOC: u64 = 2 * MAX_STORED_SIDE as u64 * MAX_STORED_SIDE as u64 * 16;
/// The memory budget of photo uploads on one instance, in bytes: the bodies held, plus each
/// decoder's image and its scaling (about 750 MB; measured peaks are in
/// `docs/LIMITS-photos.md`).
pub const PHOTO_MEMORY_BUDGET: u64 =
    UPLOADS_AT_ONCE as u64 * MAX_PHOTO_BYTES as u64 + DECODES_AT_ONCE as u64 * (MAX_DECODE_ALLOC + MAX_SCALING_ALLOC);

/// Why an image's header alone refuses it: too many pixels, or too many bytes decoded.
pub fn decoded_size_refusal(width: u32, height: u32, decoded_bytes: u64) -> Option<Msg> {
    let pixels = u64::from(width) * u64::from(height);
    if width > MAX_DECODED_SIDE || height > MAX_DECODED_SIDE || pixels > MAX_DECODED_PIXELS {
        return Some(msg!(
            "image-too-many-pixels",
            width = width,
            height = height,
            megapixels = MAX_DECODED_PIXELS / 1_000_000,
            side = MAX_DECODED_SIDE
        ));
    }
    if decoded_bytes > MAX_DECODE_ALLOC {
        return Some(msg!(
            "image-too-large-decoded",
            mb = decoded_bytes / 1_000_000,
            max = MAX_DECODE_ALLOC / 1_000_000
        ));
    }
    None
}

/// The customer's photos per request (its booking, or the follow-up it opened).
pub const MAX_CUSTOMER_PHOTOS: i64 = 6;
/// A technician's photos per visit and stage.
pub const MAX_TECHNICIAN_PHOTOS: i64 = 10;

/// The kind of image a file holds, read from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    WebP,
    /// HEIC/HEIF: recognised so that it is refused with its own message. Not decoded on the
    /// server (no well-kept pure-Rust decoder exists, and libheif is a system library): the
    /// pages' file inputs accept JPEG, PNG and WebP only, for which iOS converts HEIC photos.
    Heif,
}

/// What the first bytes of a file say it is; None for anything else.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(ImageKind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(ImageKind::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(ImageKind::WebP);
    }
    const HEIF_BRANDS: [&[u8]; 8] = [b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"];
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && HEIF_BRANDS.contains(&&bytes[8..12]) {
        return Some(ImageKind::Heif);
    }
    None
}

/// Whether a declared `Content-Type` may carry a photo: an image type or plain bytes. The
/// content decides what it is; this only turns away bodies that say they are something else.
pub fn acceptable_declared_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence.starts_with("image/") || essence == "application/octet-stream"
}

/// Who took a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakenBy {
    Customer,
    Technician,
}

/// When in the repair a photo was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The fault, sent with the booking.
    Booking,
    /// The fault come back, sent with a follow-up.
    FollowUp,
    /// On site, before the work.
    Before,
    /// On site, after the work.
    After,
}

impl TakenBy {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            TakenBy::Customer => "customer",
            TakenBy::Technician => "technician",
        }
    }
}

impl Stage {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Booking => "booking",
            Stage::FollowUp => "follow_up",
            Stage::Before => "before",
            Stage::After => "after",
        }
    }

    /// A technician's stage from its name in the query string.
    pub fn of_technician(name: &str) -> Option<Stage> {
        match name {
            "before" => Some(Stage::Before),
            "after" => Some(Stage::After),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(ImageKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(ImageKind::Png));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(ImageKind::WebP));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some(ImageKind::Heif));
        assert_eq!(sniff(b"\0\0\0\x18ftypmif1\0\0\0\0"), Some(ImageKind::Heif));
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0"), None, "an MP4 video");
        assert_eq!(sniff(b"hello, I am a text file named photo.jpg"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn sizes_are_refused_from_the_header() {
        assert_eq!(decoded_size_refusal(8160, 6120, 8160 * 6120 * 3), None, "a 50 MP phone photo");
        assert!(decoded_size_refusal(11_000, 11_000, 3).is_some(), "121 MP");
        assert!(decoded_size_refusal(12_001, 10, 3).is_some(), "too long a side");
        assert!(decoded_size_refusal(6000, 6000, 6000 * 6000 * 8).is_some(), "16 bits a channel");
        const { assert!(PHOTO_MEMORY_BUDGET < 800_000_000) };
    }

    #[test]
    fn declared_types() {
        assert!(acceptable_declared_type("image/jpeg"));
        assert!(acceptable_declared_type("Image/PNG; foo=bar"));
        assert!(acceptable_declared_type("application/octet-stream"));
        assert!(!acceptable_declared_type("application/json"));
        assert!(!acceptable_declared_type("text/plain"));
    }
}
