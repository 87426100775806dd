using Charta.Core.Charter;

namespace Charta.Core.Notices;

/// <summary>
/// The day-count rules every notice clause shares. All periods are in calendar days and a period of N days "before"
/// or "after" a date is counted without the day of the notice and with the day of the event: notice given on day T
/// is "at least 10 days before" D when D − T ≥ 10 (see docs/interpretations.md, "Notice periods").
/// </summary>
public static class NoticeCalendar
{
    /// <summary>The latest day on which notice can be given (deemed given) and still be at least <paramref name="days"/> before <paramref name="eventDate"/>.</summary>
    public static DateOnly LatestNoticeDay(DateOnly eventDate, int days) => eventDate.AddDays(-days);

    /// <summary>The earliest day an event may take place "no sooner than <paramref name="days"/> days after" a notice given on <paramref name="noticeDate"/>.</summary>
    public static DateOnly EarliestAfter(DateOnly noticeDate, int days) => noticeDate.AddDays(days);

    /// <summary>Whether notice given on <paramref name="noticeDate"/> is at least <paramref name="days"/> days before <paramref name="eventDate"/>.</summary>
    public static bool IsAtLeastDaysBefore(DateOnly noticeDate, DateOnly eventDate, int days) =>
        eventDate.DayNumber - noticeDate.DayNumber >= days;

    /// <summary>
    /// FOURTH §6(j): a notice under §6 sent by first class, certified or registered mail is deemed given
    /// <paramref name="deemedGivenDays"/> days after deposit.
    /// </summary>
    public static DateOnly DeemedGiven(DateOnly mailedOn, int deemedGivenDays) => mailedOn.AddDays(deemedGivenDays);

    /// <summary>The last day to deposit mail so that it is deemed given at least <paramref name="days"/> days before <paramref name="eventDate"/>.</summary>
    public static DateOnly LastMailingDay(DateOnly eventDate, int days, int deemedGivenDays) =>
        eventDate.AddDays(-days - deemedGivenDays);

    public static Clause MailingClause(CharterDocument c) => Clause.Of(c.Notices?.Mailing?.Clause ?? "no mailing rule in the charter: notice counts from deposit");
}
