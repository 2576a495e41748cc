//! `api/peps.json`: the drafts in the shape of peps.python.org's
//! `api/peps.json` (python/peps `pep_zero_generator/parser.py`
//! `PEP.full_details`, written by `pep_index_generator.create_pep_json`):
//! an object keyed by the number as a string; absent headers are `null`,
//! except `topic`, which is a (possibly empty) string.

use crate::diag::{Diagnostics, Pos};
use crate::pep::Draft;
use crate::project::Project;
use serde_json::{Map, Value, json};
use std::path::Path;

/// The file's name under `<site>/api/`.
pub const PEPS_JSON: &str = "peps.json";

/// One draft's record. `url` is the draft's chapter, relative to the site
/// root (peps.python.org gives an absolute URL to the PEP's page).
pub fn record(draft: &Draft) -> Value {
    let header = |name: &str| draft.value(name).map_or(Value::Null, |v| json!(v));
    let mut topics: Vec<String> = draft
        .value("Topic")
        .unwrap_or("")
        .to_lowercase()
        .split(',')
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    topics.sort();
    topics.dedup();
    let post_history = draft
        .value("Post-History")
        .filter(|v| !v.is_empty())
        .map_or(Value::Null, |v| {
            json!(v.split_whitespace().collect::<Vec<_>>().join(" "))
        });
    let status = match draft.value("Status") {
        Some("April Fool!") => json!("Rejected"),
        _ => header("Status"),
    };
    json!({
        "number": draft.number(),
        "title": draft.title(),
        "authors": draft.author_names().join(", "),
        "discussions_to": header("Discussions-To"),
        "status": status,
        "type": header("Type"),
        "topic": topics.join(", "),
        "created": header("Created"),
        "python_version": header("Python-Version"),
        "post_history": post_history,
        "resolution": header("Resolution"),
        "requires": header("Requires"),
        "replaces": header("Replaces"),
        "superseded_by": header("Superseded-By"),
        "url": draft.book_path().replace(".md", ".html"),
    })
}

/// The whole file, sorted by number, with a trailing newline.
pub fn peps_json(drafts: &[Draft]) -> String {
    let mut sorted: Vec<&Draft> = drafts.iter().filter(|d| d.number().is_some()).collect();
    sorted.sort_by_key(|d| d.number());
    let mut map = Map::new();
    for d in sorted {
        map.insert(d.number().unwrap_or(0).to_string(), record(d));
    }
    let mut out = serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// Writes `api/peps.json` into the site (see [`crate::site::publish`]).
pub fn publish(project: &Project, diags: &mut Diagnostics) {
    if let Err(e) = crate::site::publish(&project.root, PEPS_JSON, &peps_json(&project.drafts)) {
        let path = Path::new(crate::site::API_DIR).join(PEPS_JSON);
        diags.error(&path, Pos::START, format!("cannot publish: {e}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use std::path::Path;

    #[test]
    fn shaped_like_peps_python_org() {
        let text = "PEP: 9902\nTitle: Policy\nAuthor: Ann Example <ann@example.org>,\n        Bob\n\
                    Discussions-To: Pending\nStatus: Draft\nType: Process\nTopic: Release, Governance\n\
                    Requires: 9901\nCreated: 24-Nov-2026\nPost-History: 01-Jan-2026,\n              02-Feb-2026\n\nBody\n";
        let draft =
            Draft::parse(Path::new("pep-9902.md"), text, &mut Diagnostics::new()).expect("parses");
        let json: Value = serde_json::from_str(&peps_json(&[draft])).expect("valid JSON");
        let want = json!({"9902": {
            "number": 9902,
            "title": "Policy",
            "authors": "Ann Example, Bob",
            "discussions_to": "Pending",
            "status": "Draft",
            "type": "Process",
            "topic": "governance, release",
            "created": "24-Nov-2026",
            "python_version": null,
            "post_history": "01-Jan-2026, 02-Feb-2026",
            "resolution": null,
            "requires": "9901",
            "replaces": null,
            "superseded_by": null,
            "url": "peps/pep-9902.html",
        }});
        assert_eq!(json, want);
        let keys: Vec<&String> = json["9902"].as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), 15);
    }
}
