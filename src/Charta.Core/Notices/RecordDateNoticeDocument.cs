using System.Globalization;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Notices;

/// <summary>A distribution in the ledger whose record date needs a record-date notice (not a cash dividend).</summary>
public sealed record LedgerDistribution(long EventSequence, DateOnly RecordDate, string Kind, string Description);

/// <summary>A ledger distribution the notice flags, with why.</summary>
public sealed record NoticeFlag(long EventSequence, DateOnly RecordDate, string Description, string Reason);

/// <summary>
/// The record-date notice itself: the action, the record date, the amount and character of the dividend,
/// distribution or right, and its terms; when it must be mailed and, if a mailing date is given, whether that is in
/// time. <see cref="Flags"/> lists the distributions recorded in the ledger with a record date inside this notice's
/// period (mailing day to record date), and this notice's own distribution when the mailing is late.
/// </summary>
public sealed record RecordDateNoticeDocument(
    string Company,
    RecordDateNotice Timing,
    string Action,
    string AmountAndCharacter,
    string? Terms,
    DateOnly MailedOn,
    bool MailingDateGiven,
    DateOnly DeemedGiven,
    bool Timely,
    IReadOnlyList<NoticeFlag> Flags);

/// <summary>
/// The record-date notice document (the charter's <c>notices.recordDate</c> clause, FOURTH §6(h) for Juniper): the
/// charter requires the notice to specify "the date on which any such record is to be taken for the purpose of such
/// dividend, distribution or right, and the amount and character of such dividend, distribution or right". The
/// periods come from the charter (<c>notices.recordDate.daysBefore</c>, <c>notices.mailing</c>); a charter without
/// them is refused by <see cref="RecordDateNotices.For"/>.
/// </summary>
public static class RecordDateNoticeDocuments
{
    /// <summary>
    /// The distributions the ledger records that need a record-date notice: dividends not in cash (dated their record
    /// date) and distributions of other securities. Cash dividends need none.
    /// </summary>
    public static IReadOnlyList<LedgerDistribution> Distributions(IEnumerable<RecordedEvent> events)
    {
        var result = new List<LedgerDistribution>();
        foreach (var r in events)
            switch (r.Event)
            {
                case DividendDeclared d when d.Kind != "cash":
                    result.Add(new LedgerDistribution(r.Sequence, d.Date, "non-cash-dividend",
                        $"dividend {d.DividendId} in {d.Kind} ({d.Amount.ToString("0.######", CultureInfo.InvariantCulture)}" +
                        (d.StockPerShares > 0 ? $" per {d.StockPerShares.ToString("N0", CultureInfo.InvariantCulture)} shares" : " per share") + ")"));
                    break;
                case OtherSecuritiesDistributed o:
                    result.Add(new LedgerDistribution(r.Sequence, o.Date, "distribution",
                        $"distribution of {o.AmountPerCommonShare.ToString("0.######", CultureInfo.InvariantCulture)} {o.Security} per common share"));
                    break;
            }

        return result;
    }

    /// <param name="mailedOn">The day the notice is (or was) deposited in the mail; null: the last day it may be.</param>
    public static Result<RecordDateNoticeDocument> Prepare(CharterDocument charter, DateOnly recordDate, string kind, string action,
        string amountAndCharacter, string? terms, DateOnly? mailedOn, IEnumerable<LedgerDistribution> ledger)
    {
        var timing = RecordDateNotices.For(charter, recordDate, kind);
        if (!timing.IsOk) return timing.Refusal!;
        var t = timing.Value;
        var clause = Clause.Of(t.Clause);
        if (string.IsNullOrWhiteSpace(action)) return new Refusal("--action", "(empty)", "say what the company is taking a record for", clause);
        if (string.IsNullOrWhiteSpace(amountAndCharacter))
            return new Refusal("--amount", "(empty)", "the notice must state the amount and character of the dividend, distribution or right", clause);
        var mailed = mailedOn ?? t.LastMailingDay;
        if (mailed > recordDate)
            return new Refusal("--mailed", Iso(mailed), $"is after the record date {Iso(recordDate)}: a notice must precede it", clause);
        var deemed = NoticeCalendar.DeemedGiven(mailed, t.DeemedGivenDaysAfterMailing);
        var timely = !t.Required || NoticeCalendar.IsAtLeastDaysBefore(deemed, recordDate, t.DaysBefore);

        var flags = new List<NoticeFlag>();
        foreach (var d in ledger.OrderBy(x => x.RecordDate).ThenBy(x => x.EventSequence))
        {
            if (d.RecordDate == recordDate)
            {
                if (!timely)
                    flags.Add(new NoticeFlag(d.EventSequence, d.RecordDate, d.Description,
                        $"this notice, mailed {Iso(mailed)} and deemed given {Iso(deemed)}, is less than {t.DaysBefore} days before its record date (mail by {Iso(t.LastMailingDay)})"));
                continue;
            }

            if (d.RecordDate >= mailed && d.RecordDate < recordDate)
            {
                var last = NoticeCalendar.LastMailingDay(d.RecordDate, t.DaysBefore, t.DeemedGivenDaysAfterMailing);
                flags.Add(new NoticeFlag(d.EventSequence, d.RecordDate, d.Description,
                    $"recorded with a record date inside this notice's period ({Iso(mailed)} to {Iso(recordDate)}): it needs its own notice, mailed by {Iso(last)}"));
            }
        }

        return new RecordDateNoticeDocument(charter.Company, t, action.Trim(), amountAndCharacter.Trim(), string.IsNullOrWhiteSpace(terms) ? null : terms.Trim(),
            mailed, mailedOn is not null, deemed, timely, flags);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
