//! Photos kept with a request: what a file is (told by its first bytes, never by its name or
//! declared type), who took it and at which stage, and the limits.

/// The largest file taken, in bytes (10 MB).
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// The long side of the stored image, in pixels.
pub const MAX_STORED_SIDE: u32 = 2048;
/// The long side of the thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 320;
/// The largest width or height decoded, in pixels (a 48-megapixel phone camera is 8000×6000).
pub const MAX_DECODED_SIDE: u32 = 12_000;
/// The most memory a decoder may take, in bytes.
pub const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
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
    fn declared_types() {
        assert!(acceptable_declared_type("image/jpeg"));
        assert!(acceptable_declared_type("Image/PNG; foo=bar"));
        assert!(acceptable_declared_type("application/octet-stream"));
        assert!(!acceptable_declared_type("application/json"));
        assert!(!acceptable_declared_type("text/plain"));
    }
}
