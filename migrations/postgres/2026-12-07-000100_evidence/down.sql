DROP TABLE invoice_requests;
DROP TABLE payments;
DROP TABLE quote_signatures;
