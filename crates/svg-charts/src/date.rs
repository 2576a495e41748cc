//! Calendar days for the timeline axis (proleptic Gregorian, no time zone).

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Day {
        Day { year, month, day }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn number(self) -> i64 {
        let (m, d) = (
            i64::from(self.month.clamp(1, 12)),
            i64::from(self.day.clamp(1, 31)),
        );
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The first day of this day's quarter.
    pub fn quarter_start(self) -> Day {
        Day::new(self.year, (self.month.clamp(1, 12) - 1) / 3 * 3 + 1, 1)
    }

    /// The first day of the quarter after this day's quarter.
    pub fn next_quarter(self) -> Day {
        let q = self.quarter_start();
        if q.month == 10 {
            Day::new(q.year + 1, 1, 1)
        } else {
            Day::new(q.year, q.month + 3, 1)
        }
    }

    /// `Apr 2026`.
    pub fn month_label(self) -> String {
        let m = MONTHS[(self.month.clamp(1, 12) - 1) as usize];
        format!("{m} {}", self.year)
    }

    /// `31 Jul 2026`.
    pub fn label(self) -> String {
        format!("{} {}", self.day, self.month_label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_match_the_calendar() {
        assert_eq!(Day::new(1970, 1, 1).number(), 0);
        assert_eq!(Day::new(2000, 3, 1).number(), 11_017);
        assert_eq!(
            Day::new(2026, 12, 2).number() - Day::new(2026, 7, 31).number(),
            124
        );
        assert_eq!(
            Day::new(2024, 3, 1).number() - Day::new(2024, 2, 28).number(),
            2
        );
    }

    #[test]
    fn quarters() {
        assert_eq!(Day::new(2026, 8, 19).quarter_start(), Day::new(2026, 7, 1));
        assert_eq!(Day::new(2026, 11, 3).next_quarter(), Day::new(2027, 1, 1));
        assert_eq!(Day::new(2026, 7, 31).label(), "31 Jul 2026");
    }
}
