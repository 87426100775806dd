using Charta.Core.Charter;

namespace Charta.Core.Notices;

/// <summary>The §6(h) notice for one record date, with the §6(j) mailing rule applied.</summary>
public sealed record RecordDateNotice(
    DateOnly RecordDate,
    string Kind,
    bool Required,
    int DaysBefore,
    int DeemedGivenDaysAfterMailing,
    DateOnly LatestDeemedGiven,
    DateOnly LastMailingDay,
    string Clause,
    string MailingClause,
    string Explanation);

/// <summary>
/// FOURTH §6(h): before the company takes a record of holders for "any dividend (other than a cash dividend) or other
/// distribution, any right to subscribe for, purchase or otherwise acquire any shares … or to receive any other
/// right", it mails each preferred holder a notice "at least 10 days prior to the date specified therein";
/// §6(j): mailed notice is deemed given 3 days after deposit.
/// </summary>
public static class RecordDateNotices
{
    public static readonly string[] Kinds = ["non-cash-dividend", "distribution", "subscription-right", "other-right", "cash-dividend"];

    public static Result<RecordDateNotice> For(CharterDocument charter, DateOnly recordDate, string kind = "distribution")
    {
        var rd = charter.Notices?.RecordDate;
        var mail = charter.Notices?.Mailing;
        if (rd is null) return new Refusal("charter", charter.Id, "has no record-date notice rule (notices.recordDate): Charta does not supply one");
        var clause = rd.Clause;
        if (!Kinds.Contains(kind)) return new Refusal("kind", kind, $"must be one of {string.Join(", ", Kinds)}", Clause.Of(clause));
        var deemed = mail?.DeemedGivenDaysAfterDeposit ?? 0;
        var latest = NoticeCalendar.LatestNoticeDay(recordDate, rd.DaysBefore);
        var last = NoticeCalendar.LastMailingDay(recordDate, rd.DaysBefore, deemed);
        var required = kind != "cash-dividend";
        var why = required
            ? mail is null
                ? $"notice must be given at least {rd.DaysBefore} days before the record date {Iso(recordDate)} (by {Iso(latest)}); the charter has no mailing rule, so a mailed notice counts from deposit: mail by {Iso(last)}"
                : $"notice must be given at least {rd.DaysBefore} days before the record date {Iso(recordDate)} (by {Iso(latest)}); mailed notice is deemed given {deemed} days after deposit, so mail by {Iso(last)}"
            : $"a record date for a cash dividend needs no {clause} notice; were one sent, the last mailing day would be {Iso(last)}";
        return new RecordDateNotice(recordDate, kind, required, rd.DaysBefore, deemed, latest, last, clause, mail?.Clause ?? NoticeCalendar.MailingClause(charter), why);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
