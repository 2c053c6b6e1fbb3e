//! Which way a request goes: the path and query of whatever URL it came with, the route from the
//! end of the path, and the task id of a status query.

use crate::search::{self, find_byte};

/// What the proxy does with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST .../generate`: checked, then sent upstream or refused.
    Generate,
    /// `GET .../status`: passed upstream as it is.
    Status,
    /// A known path with the wrong method.
    WrongMethod,
    /// Any other path.
    NotFound,
}

/// A request URL split into its path (without origin) and its query (without `?`): routing needs
/// only these. Takes anything: an absolute URL, an origin-form target, or text that is neither.
pub fn split_target(url: &str) -> (&str, &str) {
    let url = &url[..find_byte(url, b'#').unwrap_or(url.len())];
    let (path, query) = match find_byte(url, b'?') {
        Some(i) => (&url[..i], &url[i + 1..]),
        None => (url, ""),
    };
    let path = match search::find(path, "://") {
        Some(i) => {
            let rest = &path[i + 3..];
            find_byte(rest, b'/').map_or("/", |i| &rest[i..])
        }
        None => path,
    };
    (path, query)
}

/// Routes by the end of the path, so the handler works under any mount path (`/api/seedance/v2/...`).
pub fn route(method: &str, path: &str) -> Route {
    let path = path.trim_end_matches('/');
    let (is_generate, is_status) = (path.ends_with("/generate"), path.ends_with("/status"));
    match (method.to_ascii_uppercase().as_str(), is_generate, is_status) {
        ("POST", true, _) => Route::Generate,
        ("GET", _, true) => Route::Status,
        (_, true, _) | (_, _, true) => Route::WrongMethod,
        _ => Route::NotFound,
    }
}

/// The `task_id` of a status query string (`?task_id=...`), decoded.
pub fn task_id_from_query(query: &str) -> Option<String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut rest = query;
    let raw = loop {
        let end = find_byte(rest, b'&').unwrap_or(rest.len());
        if let Some(value) = rest[..end].strip_prefix("task_id=") {
            break value;
        }
        rest = rest.get(end + 1..)?;
    };
    let decoded = percent_decode(raw)?;
    Some(decoded).filter(|id| !id.trim().is_empty())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_under_any_mount_path() {
        assert_eq!(route("POST", "/v2/generate"), Route::Generate);
        assert_eq!(route("post", "/api/seedance/v2/generate/"), Route::Generate);
        assert_eq!(route("GET", "/x/status"), Route::Status);
        assert_eq!(route("GET", "/v2/generate"), Route::WrongMethod);
        assert_eq!(route("DELETE", "/v2/status"), Route::WrongMethod);
        assert_eq!(route("GET", "/v2/other"), Route::NotFound);
        assert_eq!(route("GET", "/v2/generated"), Route::NotFound);
    }

    #[test]
    fn targets_split_into_path_and_query() {
        assert_eq!(
            split_target("/v2/status?task_id=a"),
            ("/v2/status", "task_id=a")
        );
        assert_eq!(split_target("https://h:1/x/generate"), ("/x/generate", ""));
        assert_eq!(split_target("http://h"), ("/", ""));
        assert_eq!(split_target("http://h?q#f"), ("/", "q"));
        assert_eq!(split_target("/a#frag?not-query"), ("/a", ""));
        assert_eq!(split_target("//[::1/v2/status"), ("//[::1/v2/status", ""));
        assert_eq!(split_target(""), ("", ""));
    }

    #[test]
    fn task_ids_from_queries() {
        assert_eq!(task_id_from_query("?task_id=n90a"), Some("n90a".into()));
        assert_eq!(
            task_id_from_query("a=1&task_id=a%20b%2Fc"),
            Some("a b/c".into())
        );
        assert_eq!(task_id_from_query("?task_id="), None);
        assert_eq!(task_id_from_query("?task_id=%zz"), None);
        assert_eq!(task_id_from_query("?id=1"), None);
    }
}
