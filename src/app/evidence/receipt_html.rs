//! The receipt as a printable page (`templates/receipt/receipt.html`, rendered by minijinja,
//! which escapes every value): its style and its Print button come from `/static`, so the
//! page keeps the Content-Security-Policy (no inline script or style). The signature is
//! inlined as a `data:` image, so a saved page keeps it.

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use minijinja::{context, Environment, UndefinedBehavior};

use super::receipt::Receipt;
use crate::app::error::AppError;
use crate::domain::lang::Lang;

const TEMPLATE: &str = "receipt.html";

fn engine() -> &'static Environment<'static> {
    static ENGINE: OnceLock<Environment<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        if let Err(e) = env.add_template(TEMPLATE, include_str!("../../../templates/receipt/receipt.html")) {
            tracing::error!(error = %e, "the receipt template does not parse");
        }
        env
    })
}

/// The page, with a link to the PDF at `pdf`.
pub fn render(receipt: &Receipt, pdf: &str) -> Result<String, AppError> {
    let lines: Vec<_> = receipt
        .lines
        .iter()
        .map(|l| {
            context! {
                description => &l.description, quantity => &l.quantity, unit_price => &l.unit_price,
                amount => &l.amount, warranty => &l.warranty,
            }
        })
        .collect();
    let signature = receipt.signature.as_ref().map(|s| {
        // Shown at most 260 px wide, in its own proportions.
        let width = s.width.min(260);
        let height = (u64::from(s.height) * u64::from(width) / u64::from(s.width.max(1))) as u32;
        context! {
            url => format!("data:image/png;base64,{}", STANDARD.encode(&s.png)),
            caption => &s.caption, width => width, height => height,
        }
    });
    let ctx = context! {
        lang => if receipt.lang == Lang::Zh { "zh-CN" } else { "en" },
        title => &receipt.title, reference => &receipt.reference, facts => &receipt.facts,
        columns => &receipt.columns, lines => lines, total_label => &receipt.total_label, total => &receipt.total,
        payments => &receipt.payments, signature => signature, photos => &receipt.photos, footer => &receipt.footer,
        print => &receipt.print_label, pdf_label => &receipt.pdf_label, pdf => pdf,
    };
    engine()
        .get_template(TEMPLATE)
        .and_then(|t| t.render(ctx))
        .map_err(|e| AppError::unexpected("writing the receipt page", e))
}
