using System.Globalization;
using System.Text;
using Charta.Core.Ledger;

namespace Charta.Ocf.Tests;

/// <summary>A cap table as comparable text: every holding, instrument, price, authorization, plan and vesting figure.</summary>
public static class Snapshot
{
    public static string Of(CapTable t, DateOnly vestingDate)
    {
        var sb = new StringBuilder();
        string N(decimal d) => d.ToString("0.##########", CultureInfo.InvariantCulture);
        sb.AppendLine($"authorized total={t.Charter.Authorized.Total.Value} common={t.Charter.Authorized.Common.Value} " +
                      string.Join(" ", t.Charter.Series.Select(s => $"{s.Id}={s.FixedShares.Value}")));
        foreach (var h in t.Holders.Order(StringComparer.Ordinal))
        foreach (var p in t.PositionsOf(h))
            sb.AppendLine($"position {h} {p.Security} {p.Shares}");
        foreach (var c in t.Charter.ClassIds) sb.AppendLine($"class {c} outstanding={t.Outstanding(c)} retired={t.RetiredByConversion.GetValueOrDefault(c)}");
        foreach (var s in t.Charter.Series) sb.AppendLine($"cp {s.Id} {N(t.ConversionPrice(s.Id))}");
        foreach (var i in t.Instruments.Values.OrderBy(i => i.GrantId, StringComparer.Ordinal))
            sb.AppendLine($"instrument {i.GrantId} {i.Kind} {i.Holder} {i.Underlying} out={i.Outstanding} ex={i.Exercised} cx={i.Cancelled} exp={i.Expired} price={N(i.ExercisePrice)} expires={i.Expires}");
        foreach (var v in t.VestingOn(vestingDate)) sb.AppendLine($"vesting {v.GrantId} vested={v.Vested} unvested={v.Unvested}");
        foreach (var p in t.Plans.Values.OrderBy(p => p.PlanId, StringComparer.Ordinal)) sb.AppendLine($"plan {p.PlanId} {p.Name} {p.Class} {p.Reserved}");
        foreach (var c in t.Convertibles.Values.OrderBy(c => c.Id, StringComparer.Ordinal)) sb.AppendLine($"convertible {c.Id} {c.Holder} {N(c.Amount)} {c.Outcome} {c.ClosedOn}");
        sb.AppendLine($"totals asConverted={t.AsConvertedTotal()} fullyDiluted={t.FullyDilutedTotal()}");
        return sb.ToString();
    }

    /// <summary>The distinct dates of the dated events, in order.</summary>
    public static IEnumerable<DateOnly> Dates(IEnumerable<LedgerEvent> events) =>
        events.Where(e => !e.IsRegistry).Select(e => e.Date).Distinct().Order();

    public static IReadOnlyList<RecordedEvent> Recorded(IReadOnlyList<LedgerEvent> events) =>
        events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToArray();
}
