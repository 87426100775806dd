using Charta.Core.Charter;

namespace Charta.Core.Notices;

/// <summary>One timing rule of a notice clause: the date it requires, the date given, and whether it is met.</summary>
public sealed record NoticeCheck(string Rule, DateOnly Required, DateOnly? Actual, bool Met, bool Shortened, string Clause);

/// <summary>The FOURTH §4(d)(iv) timeline of a deemed liquidation and whether it complies.</summary>
public sealed record DeemedLiquidationTimeline(
    DateOnly Closing,
    DateOnly? Meeting,
    DateOnly? FirstNotice,
    IReadOnlyList<DateOnly> MaterialChanges,
    bool ShortenedByConsent,
    IReadOnlyList<NoticeCheck> Checks)
{
    public bool Complies => Checks.All(c => c.Met);
}

/// <summary>
/// FOURTH §4(d)(iv): "written notice … not later than ten (10) days prior to the stockholders' meeting called to
/// approve such transaction, or ten (10) days prior to the closing …, whichever is earlier"; "The transaction shall in
/// no event take place sooner than ten (10) days after … the first notice … or sooner than two (2) days after … notice
/// of any material changes …; provided, however, that such periods may be shortened upon the written consent of the
/// holders of Preferred Stock … [of] at least a majority of the voting power". Day counts follow
/// <see cref="NoticeCalendar"/>.
/// </summary>
public static class DeemedLiquidationNotices
{
    /// <summary>
    /// The periods are the charter's (<c>notices.deemedLiquidation</c>); a charter without them is refused, never given
    /// Juniper's 10 and 2 days.
    /// </summary>
    public static Result<DeemedLiquidationTimeline> Check(CharterDocument charter, DateOnly closing, DateOnly? meeting, DateOnly? firstNotice,
        IReadOnlyList<DateOnly> materialChanges, bool shortenedByConsent)
    {
        var t = charter.Notices?.DeemedLiquidation;
        if (t is null)
            return new Refusal("charter", charter.Id, "states no deemed-liquidation notice periods (notices.deemedLiquidation): Charta does not assume any");
        var before = t.FirstNoticeDaysBefore;
        var afterFirst = t.ClosingAfterFirstNoticeDays;
        var afterChange = t.ClosingAfterMaterialChangeDays;
        var clause = t.Clause;
        var checks = new List<NoticeCheck>();

        // "whichever is earlier": the meeting, if one is called before the closing, sets the deadline.
        var anchor = meeting is { } m && m < closing ? m : closing;
        var due = NoticeCalendar.LatestNoticeDay(anchor, before);
        var anchorName = anchor == closing ? "the closing" : "the stockholders' meeting";
        if (firstNotice is not { } first)
        {
            checks.Add(new NoticeCheck($"First notice (material terms and the liquidation terms) to every holder of record of Preferred, at least {before} days before {anchorName}",
                due, null, false, false, clause));
        }
        else
        {
            var onTime = NoticeCalendar.IsAtLeastDaysBefore(first, anchor, before);
            checks.Add(new NoticeCheck($"First notice at least {before} days before {anchorName}", due, first,
                onTime || (shortenedByConsent && first <= anchor), !onTime && shortenedByConsent, clause));
            var earliest = NoticeCalendar.EarliestAfter(first, afterFirst);
            var waited = closing >= earliest;
            checks.Add(new NoticeCheck($"Closing no sooner than {afterFirst} days after the first notice", earliest, closing,
                waited || (shortenedByConsent && closing >= first), !waited && shortenedByConsent, clause));
        }

        foreach (var change in materialChanges.Order())
        {
            var earliest = NoticeCalendar.EarliestAfter(change, afterChange);
            var waited = closing >= earliest;
            checks.Add(new NoticeCheck($"Closing no sooner than {afterChange} days after the material-change notice of {change:yyyy-MM-dd}", earliest, closing,
                waited || (shortenedByConsent && closing >= change), !waited && shortenedByConsent, clause));
        }

        return new DeemedLiquidationTimeline(closing, meeting, firstNotice, materialChanges.Order().ToArray(), shortenedByConsent, checks);
    }
}
