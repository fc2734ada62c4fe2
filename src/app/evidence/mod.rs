//! Evidence the customer keeps (seed 003: keep evidence, unexplained fees): the quote she
//! signs on the technician's phone, the payment on site, the receipt (PDF or a printable
//! page) and her request for a 发票, which the service point's managers see and issue.

pub mod invoice;
pub mod payment;
pub mod qr;
pub mod receipt;
pub mod receipt_html;
pub mod receipt_pdf;
pub mod signature;
pub mod views;
