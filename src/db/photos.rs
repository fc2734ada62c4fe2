//! Photos kept with a request (see the migration `photos_calls`): stored, counted, listed
//! without their bytes, and read one at a time.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::photos;
use super::DbConnection;

/// A photo to store: both images already re-encoded.
pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub request_id: i64,
    pub visit_id: Option<i64>,
    pub taken_by: &'a str,
    pub stage: &'a str,
    pub bytes: &'a [u8],
    pub thumbnail: &'a [u8],
    pub created_at: NaiveDateTime,
}

/// What a listing shows of a photo.
#[derive(Queryable, Clone, Debug)]
pub struct PhotoMeta {
    pub id: String,
    pub request_id: i64,
    pub visit_id: Option<i64>,
    pub taken_by: String,
    pub stage: String,
    pub created_at: NaiveDateTime,
}

/// The content type of every stored image: uploads are re-encoded as JPEG.
pub const STORED_TYPE: &str = "image/jpeg";

/// Stores one photo, numbered after the request's last (callers hold the request's lock).
pub fn insert(conn: &mut DbConnection, p: &NewPhoto) -> QueryResult<()> {
    let last: Option<i32> =
        photos::table.filter(photos::request_id.eq(p.request_id)).select(diesel::dsl::max(photos::seq)).first(conn)?;
    diesel::insert_into(photos::table)
        .values((
            photos::seq.eq(last.unwrap_or(0) + 1),
            photos::id.eq(p.id),
            photos::request_id.eq(p.request_id),
            photos::visit_id.eq(p.visit_id),
            photos::taken_by.eq(p.taken_by),
            photos::stage.eq(p.stage),
            photos::content_type.eq(STORED_TYPE),
            photos::bytes.eq(p.bytes),
            photos::thumbnail.eq(p.thumbnail),
            photos::created_at.eq(p.created_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// How many photos of this stage a request (and, for a technician's, its visit) holds.
pub fn count(conn: &mut DbConnection, request_id: i64, visit_id: Option<i64>, stage: &str) -> QueryResult<i64> {
    let mut query =
        photos::table.filter(photos::request_id.eq(request_id)).filter(photos::stage.eq(stage)).into_boxed();
    if let Some(v) = visit_id {
        query = query.filter(photos::visit_id.eq(v));
    }
    query.count().get_result(conn)
}

/// The photos of these requests, oldest first, without their bytes.
pub fn of_requests(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<PhotoMeta>> {
    let query = photos::table
        .order((photos::request_id.asc(), photos::seq.asc()))
        .select((photos::id, photos::request_id, photos::visit_id, photos::taken_by, photos::stage, photos::created_at))
        .into_boxed();
    // One request (a tracking read) keeps a statement of fixed text, prepared once.
    match request_ids {
        [one] => query.filter(photos::request_id.eq(*one)).load(conn),
        many => query.filter(photos::request_id.eq_any(many)).load(conn),
    }
}

/// The request a photo belongs to, and the image (the thumbnail when `thumbnail`) with its
/// content type.
pub fn image(conn: &mut DbConnection, id: &str, thumbnail: bool) -> QueryResult<Option<(i64, String, Vec<u8>)>> {
    let query = photos::table.filter(photos::id.eq(id));
    if thumbnail {
        query.select((photos::request_id, photos::content_type, photos::thumbnail)).first(conn).optional()
    } else {
        query.select((photos::request_id, photos::content_type, photos::bytes)).first(conn).optional()
    }
}
