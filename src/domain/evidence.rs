//! Evidence the customer keeps of a repair: how she paid, the quote she signed with a finger
//! (a PNG sent as a data URL, with its limits), and the Chinese tax number a 发票 (fapiao) is
//! made out to.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::error::FieldError;
use super::msg::Msg;

/// How the customer paid on site. Paying online through a provider is not part of fieldfix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash handed to the technician.
    Cash,
    /// WeChat Pay (a QR code scanned on site).
    Wechat,
    /// Alipay.
    Alipay,
    /// A bank card on the technician's terminal.
    Card,
    /// A bank transfer.
    Transfer,
}

/// Every method, in the order the page offers them.
pub const PAYMENT_METHODS: [PaymentMethod; 5] =
    [PaymentMethod::Cash, PaymentMethod::Wechat, PaymentMethod::Alipay, PaymentMethod::Card, PaymentMethod::Transfer];

impl PaymentMethod {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Wechat => "wechat",
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::Card => "card",
            PaymentMethod::Transfer => "transfer",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PAYMENT_METHODS.into_iter().find(|m| m.as_str() == s)
    }

    /// The method in words, for the timeline and the receipt.
    pub fn words(self) -> Msg {
        match self {
            PaymentMethod::Cash => msg!("payment-method-cash"),
            PaymentMethod::Wechat => msg!("payment-method-wechat"),
            PaymentMethod::Alipay => msg!("payment-method-alipay"),
            PaymentMethod::Card => msg!("payment-method-card"),
            PaymentMethod::Transfer => msg!("payment-method-transfer"),
        }
    }
}

/// The largest signature taken, decoded, in bytes (200 KB). A finger's strokes on a phone's
/// canvas make a PNG of 10 to 60 KB.
pub const MAX_SIGNATURE_BYTES: usize = 200 * 1024;
/// The largest JSON body of a signed approval: the PNG in base64 (4 characters for 3 bytes)
/// and the signer's name, with room to spare. A larger body is 413 before it is read.
pub const MAX_SIGNATURE_BODY: usize = MAX_SIGNATURE_BYTES / 3 * 4 + 16 * 1024;
/// The smallest and largest sides of a signature, in pixels: a canvas on a phone of 390 px
/// at three device pixels a CSS pixel is about 1100 × 500.
pub const SIGNATURE_MIN_SIDE: u32 = 16;
/// See [`SIGNATURE_MIN_SIDE`].
pub const SIGNATURE_MAX_SIDE: u32 = 4000;
/// The most pixels a signature may have (4 megapixels).
pub const SIGNATURE_MAX_PIXELS: u64 = 4_000_000;
/// The most memory its decoder may take, in bytes: 8 bytes a pixel (16-bit RGBA) of
/// [`SIGNATURE_MAX_PIXELS`].
pub const SIGNATURE_DECODE_ALLOC: u64 = 8 * SIGNATURE_MAX_PIXELS;

/// The PNG bytes of a `data:image/png;base64,...` URL, or why not (422 `signature_png`).
pub fn signature_png(field: &str, data_url: &str) -> Result<Vec<u8>, FieldError> {
    let Some(encoded) = data_url.trim().strip_prefix("data:image/png;base64,") else {
        return Err(FieldError::new(field, msg!("signature-must-be-png-data-url")));
    };
    // Checked before decoding: base64 of more than the limit is refused without a copy.
    if encoded.len() > MAX_SIGNATURE_BYTES.div_ceil(3) * 4 {
        return Err(FieldError::new(field, msg!("signature-too-large", kb = MAX_SIGNATURE_BYTES / 1024)));
    }
    let bytes = STANDARD.decode(encoded).map_err(|_| FieldError::new(field, msg!("signature-must-be-png-data-url")))?;
    if bytes.len() > MAX_SIGNATURE_BYTES {
        return Err(FieldError::new(field, msg!("signature-too-large", kb = MAX_SIGNATURE_BYTES / 1024)));
    }
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(FieldError::new(field, msg!("signature-must-be-png-data-url")));
    }
    Ok(bytes)
}

/// Why a signature of these dimensions is refused, if it is.
pub fn signature_size_refusal(width: u32, height: u32) -> Option<Msg> {
    let pixels = u64::from(width) * u64::from(height);
    let sane = (SIGNATURE_MIN_SIDE..=SIGNATURE_MAX_SIDE).contains(&width)
        && (SIGNATURE_MIN_SIDE..=SIGNATURE_MAX_SIDE).contains(&height)
        && pixels <= SIGNATURE_MAX_PIXELS;
    (!sane).then(|| {
        msg!(
            "signature-size-not-sane",
            width = width,
            height = height,
            min = SIGNATURE_MIN_SIDE,
            max = SIGNATURE_MAX_SIDE
        )
    })
}

/// The characters of a unified social credit code (统一社会信用代码, GB 32100-2015), in the
/// order of their values 0 to 30: digits and capitals without I, O, S, V and Z.
const CREDIT_CODE_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weights of the first 17 characters.
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A company's unified social credit code, upper-cased, when it is one: 18 characters of
/// `[0-9A-HJ-NPQRTUWXY]` whose last is the check character of the other 17.
pub fn credit_code(field: &str, value: &str) -> Result<String, FieldError> {
    let code = value.trim().to_ascii_uppercase();
    let values: Vec<u32> =
        code.bytes().map(|b| CREDIT_CODE_CHARS.iter().position(|c| *c == b).map_or(u32::MAX, |p| p as u32)).collect();
    if values.len() != 18 || values.contains(&u32::MAX) {
        return Err(FieldError::new(field, msg!("tax-id-must-18-characters")));
    }
    let sum: u32 = values.iter().zip(CREDIT_CODE_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Err(FieldError::new(field, msg!("tax-id-check-character-wrong")));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_are_checked_by_their_last_character() {
        // Codes in the published form whose check characters are right.
        for good in ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"] {
            assert_eq!(credit_code("tax_id", good).as_deref(), Ok(good), "{good}");
        }
        assert_eq!(credit_code("tax_id", " 91350100m000100y43 ").as_deref(), Ok("91350100M000100Y43"));
        let wrong = credit_code("tax_id", "91350100M000100Y44").map_err(|e| e.reason.id);
        assert_eq!(wrong, Err("tax-id-check-character-wrong"));
        for bad in ["", "9135010", "91350100M000100Y431", "91350100I000100Y43", "9135010OM000100Y43"] {
            assert_eq!(credit_code("tax_id", bad).map_err(|e| e.reason.id), Err("tax-id-must-18-characters"), "{bad}");
        }
    }

    #[test]
    fn signatures_are_png_data_urls_within_the_limit() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        let url = format!("data:image/png;base64,{}", STANDARD.encode(png));
        assert_eq!(signature_png("s", &url).ok().as_deref(), Some(&png[..]));
        let jpeg = format!("data:image/jpeg;base64,{}", STANDARD.encode(png));
        assert!(signature_png("s", &jpeg).is_err());
        let not_png = format!("data:image/png;base64,{}", STANDARD.encode(b"GIF89a"));
        assert!(signature_png("s", &not_png).is_err());
        assert!(signature_png("s", "data:image/png;base64,***").is_err());
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_SIGNATURE_BYTES + 1, 0);
        let big = format!("data:image/png;base64,{}", STANDARD.encode(&big));
        assert_eq!(signature_png("s", &big).map_err(|e| e.reason.id), Err("signature-too-large"));
        assert!(MAX_SIGNATURE_BODY > big.len(), "a little too large is a 422, not a 413");
    }

    #[test]
    fn signature_sizes_are_sane() {
        assert!(signature_size_refusal(1100, 500).is_none());
        assert!(signature_size_refusal(8, 500).is_some());
        assert!(signature_size_refusal(4000, 4000).is_some(), "16 megapixels");
        assert!(signature_size_refusal(5000, 100).is_some());
    }
}
