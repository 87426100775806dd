using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>An instrument's vesting: its dated tranches and any accelerations.</summary>
public sealed record VestingSchedule(string GrantId, IReadOnlyList<VestingTranche> Tranches, IReadOnlyList<VestingTranche> Accelerations, string? Terms);

/// <summary>An equity incentive plan and the shares it reserves.</summary>
public sealed record PlanReserve(string PlanId, string Name, string Class, long Reserved, DateOnly AdoptedOn);

/// <summary>A convertible whose share count is not fixed at issue, and how it ended (null while open).</summary>
public sealed record ConvertibleNote(string Id, string Holder, decimal Amount, string Type, DateOnly IssuedOn, string? Outcome, DateOnly? ClosedOn, ConvertibleTerms? Terms = null);

/// <summary>Vested and unvested shares of one outstanding instrument on a date.</summary>
public sealed record VestingPosition(string GrantId, string Holder, long Outstanding, long Vested, long Unvested);

public sealed partial class CapTable
{
    /// <summary>Vesting schedules by instrument id. An instrument without one is fully vested when granted.</summary>
    public IReadOnlyDictionary<string, VestingSchedule> Vesting => State.Vesting.Schedules;

    /// <summary>Equity incentive plans by id.</summary>
    public IReadOnlyDictionary<string, PlanReserve> Plans => State.Vesting.Plans;

    /// <summary>Convertibles without a fixed share count (SAFEs, notes) by id.</summary>
    public IReadOnlyDictionary<string, ConvertibleNote> Convertibles => State.Vesting.Convertibles;

    /// <summary>
    /// Shares of the instrument vested on <paramref name="date"/> (tranches and accelerations dated on or before it),
    /// never more than the shares granted. An instrument without a schedule is fully vested.
    /// </summary>
    public long VestedShares(string grantId, DateOnly date)
    {
        var i = Instruments.TryGetValue(grantId, out var x) ? x : throw new ArgumentException($"unknown instrument {grantId}", nameof(grantId));
        var granted = i.Outstanding + i.Exercised + i.Cancelled + i.Expired;
        if (!Vesting.TryGetValue(grantId, out var v)) return date >= i.GrantedOn ? granted : 0;
        long scheduled = 0;
        foreach (var t in v.Tranches) if (t.Date <= date) scheduled += t.Shares;
        // Tranches are in shares as granted; a later split or combination of the underlying scales them (rounded down).
        var vested = granted == i.MaxSharesAtIssue ? scheduled : Rounding.RoundDownToWholeShares((decimal)scheduled * granted / i.MaxSharesAtIssue);
        foreach (var t in v.Accelerations) if (t.Date <= date) vested += t.Shares;
        return Math.Min(vested, granted);
    }

    /// <summary>
    /// The outstanding balance of each instrument split into vested and unvested on <paramref name="date"/>.
    /// Exercised shares are taken from the vested part first (early-exercised shares beyond it count as vested too).
    /// </summary>
    public IReadOnlyList<VestingPosition> VestingOn(DateOnly date)
    {
        var list = new List<VestingPosition>();
        foreach (var i in Instruments.Values.OrderBy(i => i.GrantId, StringComparer.Ordinal))
        {
            if (i.Outstanding == 0 || i.IsExpiredOn(date)) continue;   // lapsed: not exercisable after its expiry (docs/interpretations.md)
            var vestedLeft = Math.Clamp(VestedShares(i.GrantId, date) - i.Exercised, 0, i.Outstanding);
            list.Add(new VestingPosition(i.GrantId, i.Holder, i.Outstanding, vestedLeft, i.Outstanding - vestedLeft));
        }

        return list;
    }
}
