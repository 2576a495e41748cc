//! `api/peps.json`: the drafts in the shape of peps.python.org's
//! `api/peps.json` (python/peps `pep_zero_generator/parser.py`
//! `PEP.full_details`, written by `pep_index_generator.create_pep_json`):
//! an object keyed by the number as a string; absent headers are `null`,
//! except `topic`, which is a (possibly empty) string.

use crate::base::diag::{Diagnostics, Pos};
use crate::derive::Project;
use crate::model::pep::Draft;
use serde::Serialize;
use std::path::Path;

/// The file's name under `<site>/api/`.
pub const PEPS_JSON: &str = "peps.json";

/// One draft's record, with the fields in peps.python.org's order,
/// including its two keys that are not headers: `author_names` (the
/// authors as a list) and `url`, the absolute address of the draft's
/// chapter on the published site (from the one repository setting; see
/// [`crate::model::policy::site`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub number: Option<u32>,
    pub title: String,
    pub authors: String,
    pub discussions_to: Option<String>,
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub topic: String,
    pub created: Option<String>,
    pub python_version: Option<String>,
    pub post_history: Option<String>,
    pub resolution: Option<String>,
    pub requires: Option<String>,
    pub replaces: Option<String>,
    pub superseded_by: Option<String>,
    pub author_names: Vec<String>,
    pub url: String,
}

/// `site` is the published site's address, ending with `/`.
pub fn record(draft: &Draft, site: &str) -> Record {
    let header = |name: &str| draft.value(name).map(str::to_owned);
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
    Record {
        number: draft.number(),
        title: draft.title().to_owned(),
        authors: draft.author_names().join(", "),
        discussions_to: header("Discussions-To"),
        // python/peps maps PEP 401's joke status to Rejected.
        status: header("Status").map(|s| {
            if s == "April Fool!" {
                "Rejected".into()
            } else {
                s
            }
        }),
        kind: header("Type"),
        topic: topics.join(", "),
        created: header("Created"),
        python_version: header("Python-Version"),
        // Squash whitespace, as python/peps does.
        post_history: draft
            .value("Post-History")
            .filter(|v| !v.is_empty())
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")),
        resolution: header("Resolution"),
        requires: header("Requires"),
        replaces: header("Replaces"),
        superseded_by: header("Superseded-By"),
        author_names: draft.author_names(),
        url: format!("{site}{}", draft.book_path().replace(".md", ".html")),
    }
}

/// The records keyed by number, in numerical order.
struct ByNumber<'a>(Vec<&'a Draft>, &'a str);

impl Serialize for ByNumber<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.0
                .iter()
                .map(|d| (d.number().unwrap_or(0).to_string(), record(d, self.1))),
        )
    }
}

/// The whole file, sorted by number, with a trailing newline; `site` is the
/// published site's address, ending with `/`.
pub fn peps_json(drafts: &[Draft], site: &str) -> String {
    let mut sorted: Vec<&Draft> = drafts.iter().filter(|d| d.number().is_some()).collect();
    sorted.sort_by_key(|d| d.number());
    let mut out =
        serde_json::to_string_pretty(&ByNumber(sorted, site)).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// Writes `api/peps.json` into the site (see [`crate::render::publish::publish`]).
pub fn publish(project: &Project, diags: &mut Diagnostics) {
    let site = project.policy.site.site_url().unwrap_or_default();
    if let Err(e) = crate::render::publish::publish(
        &project.root,
        PEPS_JSON,
        &peps_json(&project.drafts, &site),
    ) {
        let path = Path::new(crate::render::publish::API_DIR).join(PEPS_JSON);
        diags.error(&path, Pos::START, format!("cannot publish: {e}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Diagnostics;
    use serde_json::{Value, json};
    use std::path::Path;

    const SITE: &str = "https://example.org/guide/";

    #[test]
    fn shaped_like_peps_python_org() {
        let text = "PEP: 9902\nTitle: Policy\nAuthor: Ann Example <ann@example.org>,\n        Bob\n\
                    Discussions-To: Pending\nStatus: Draft\nType: Process\nTopic: Release, Governance\n\
                    Requires: 9901\nCreated: 24-Nov-2026\nPost-History: 01-Jan-2026,\n              02-Feb-2026\n\nBody\n";
        let draft =
            Draft::parse(Path::new("pep-9902.md"), text, &mut Diagnostics::new()).expect("parses");
        let json: Value = serde_json::from_str(&peps_json(std::slice::from_ref(&draft), SITE))
            .expect("valid JSON");
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
            "author_names": ["Ann Example", "Bob"],
            "url": "https://example.org/guide/peps/pep-9902.html",
        }});
        assert_eq!(json, want);
        let text = peps_json(std::slice::from_ref(&draft), SITE);
        let order = [
            "\"number\"",
            "\"title\"",
            "\"authors\"",
            "\"discussions_to\"",
            "\"status\"",
            "\"type\"",
            "\"topic\"",
            "\"created\"",
            "\"python_version\"",
            "\"post_history\"",
            "\"resolution\"",
            "\"requires\"",
            "\"replaces\"",
            "\"superseded_by\"",
            "\"author_names\"",
            "\"url\"",
        ];
        let at: Vec<usize> = order.iter().map(|k| text.find(k).expect("field")).collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "fields in peps.python.org's order"
        );
    }
}
