//! What the customer's record is read from: their requests, and the visits, ratings and
//! follow-up tasks of many requests at once.

use diesel::prelude::*;

use super::requests::RequestRow;
use super::schema::{follow_up_tasks, ratings, repair_requests, visits};
use super::visits::VisitRow;
use super::DbConnection;

/// A manager's follow-up task as kept.
pub use super::follow_ups::TaskRow as FollowUpRow;

/// A customer's latest `limit` requests, newest first.
pub fn requests_of_customer(
    conn: &mut DbConnection,
    customer_user_id: i64,
    limit: i64,
) -> QueryResult<Vec<RequestRow>> {
    repair_requests::table
        .filter(repair_requests::customer_user_id.eq(customer_user_id))
        .order((repair_requests::created_at.desc(), repair_requests::id.desc()))
        .limit(limit)
        .select(RequestRow::as_select())
        .load(conn)
}

/// Earlier requests for the same product as `r`, newest first: the same serial number
/// (any customer), or the same customer with the same category, brand and model.
pub fn same_product(conn: &mut DbConnection, r: &RequestRow, limit: i64) -> QueryResult<Vec<RequestRow>> {
    let same_model = repair_requests::customer_user_id
        .eq(r.customer_user_id)
        .and(repair_requests::product_category.eq(&r.product_category))
        .and(repair_requests::product_brand.eq(&r.product_brand))
        .and(repair_requests::product_model.eq(&r.product_model));
    let query = repair_requests::table
        .filter(repair_requests::id.ne(r.id))
        .filter(repair_requests::created_at.le(r.created_at))
        .order((repair_requests::created_at.desc(), repair_requests::id.desc()))
        .limit(limit)
        .select(RequestRow::as_select());
    if r.product_serial.is_empty() {
        query.filter(same_model).load(conn)
    } else {
        query.filter(same_model.or(repair_requests::product_serial.eq(&r.product_serial))).load(conn)
    }
}

/// The visits of these requests, in request and visit order.
pub fn visits_of(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<VisitRow>> {
    visits::table
        .filter(visits::request_id.eq_any(request_ids))
        .order((visits::request_id, visits::seq))
        .select(VisitRow::as_select())
        .load(conn)
}

/// (visit id, stars) of the rated visits among these.
pub fn stars_of(conn: &mut DbConnection, visit_ids: &[i64]) -> QueryResult<Vec<(i64, i32)>> {
    ratings::table.filter(ratings::visit_id.eq_any(visit_ids)).select((ratings::visit_id, ratings::stars)).load(conn)
}

/// The follow-up tasks of these requests, oldest first.
pub fn follow_ups_of(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<FollowUpRow>> {
    follow_up_tasks::table
        .filter(follow_up_tasks::request_id.eq_any(request_ids))
        .order(follow_up_tasks::created_at)
        .select(FollowUpRow::as_select())
        .load(conn)
}
