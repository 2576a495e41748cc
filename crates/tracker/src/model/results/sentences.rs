//! Evidence as a reader reads it: a sentence with the measured numbers, the
//! interpreter and the date of the run ("CPython's test_zlib, run against
//! rs_zlib: 62 passed, 0 failed, 0 errors, 1 skipped; CPython 3.11.7, 24 Nov
//! 2026"). The machine form (`label`) stays in api/status.json beside it.

use crate::model::results::Results;
use crate::model::results::bench::Query as BenchQuery;
use crate::model::results::suites::Query as SuiteQuery;

/// `24 Nov 2026` of a timestamp like `2026-11-24T12:29:47+00:00`.
fn run_day(generated: &str) -> String {
    let date = generated.get(..10).unwrap_or(generated);
    let mut parts = date.split('-').map(str::parse::<u32>);
    let parsed = match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) => i32::try_from(y)
            .ok()
            .and_then(|y| crate::base::date::Date::new(y, m, d)),
        _ => None,
    };
    parsed.map_or_else(|| date.to_owned(), crate::base::date::Date::long)
}

/// The sentence for a `measure` evidence, when the file and the value it
/// names exist.
pub fn measured(
    results: &Results,
    measure: &str,
    query: &toml::Value,
    value: f64,
) -> Option<String> {
    match measure {
        "cpython-suites" => {
            let q: SuiteQuery = query.clone().try_into().ok()?;
            let file = results.suites.as_ref().ok()?;
            let s = file.suites.get(&q.suite)?;
            let suite = q.suite.split(':').next().unwrap_or(&q.suite);
            Some(format!(
                "CPython's {suite}, run against {}: {} passed, {} failed, {} errors, {} skipped \
                 (CPython {}, {})",
                s.module,
                s.passed,
                s.failed,
                s.errors,
                s.skipped,
                file.python,
                run_day(&file.generated)
            ))
        }
        "bench" => {
            let q: BenchQuery = query.clone().try_into().ok()?;
            let file = results.bench.as_ref().ok()?;
            let python = file
                .versions
                .get("python")
                .map_or(String::new(), |v| format!("CPython {v}, "));
            // Input sizes are far below 2^53: exact as f64.
            #[allow(clippy::cast_precision_loss)]
            let size = crate::base::units::bytes(q.size as f64);
            Some(format!(
                "{} is {value:.2}× as fast as {} ({} of {size}; {python}{})",
                q.implementation,
                q.peer,
                q.operation,
                run_day(&file.generated)
            ))
        }
        _ => None,
    }
}
