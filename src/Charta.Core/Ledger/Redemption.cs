using System.Collections.Immutable;
using Charta.Core.Charter;
using Charta.Core.Redemption;

namespace Charta.Core.Ledger;

/// <summary>
/// Redemption at the holder's option (the charter's redemption terms): a request, then its instalments on their
/// Redemption Dates. Every rule cites the charter's own clause for it.
/// </summary>
internal sealed partial class LedgerEditor
{
    /// <summary>The shares of a holder's series already under its open requests (not yet redeemed).</summary>
    private long PendingRedemption(string holder, string series, string? exceptId = null)
    {
        long n = 0;
        foreach (var r in _redemptions.Values)
            if (r.Holder == holder && r.Series == series && r.Id != exceptId && !r.IsComplete) n += r.Shares - r.Redeemed;
        return n;
    }

    private Refusal? Decide(RedemptionRequested e)
    {
        if (Charter.Redemption is not { Redeemable: true } terms)
            return new Refusal("series", e.Series, "this charter grants no redemption rights (the preferred is not redeemable); a purchase the holder agrees to is a repurchase",
                Cite(Charter.Redemption?.Clause));
        if (string.IsNullOrWhiteSpace(e.RequestId)) return new Refusal("id", $"'{e.RequestId}'", "a redemption request needs an id");
        if (_redemptions.ContainsKey(e.RequestId)) return new Refusal("id", e.RequestId, "a redemption request with this id already exists");
        if (CheckHolder("holder", e.Holder) is { } r0) return r0;
        if (!terms.Series.Contains(e.Series))
            return new Refusal("series", e.Series, $"is not redeemable at the holder's option; the charter grants it to {string.Join(", ", terms.Series)}", Cite(terms.Clause));
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares", Cite(terms.Clause));
        var option = terms.Option!;
        if (!_firstIssue.TryGetValue(option.OriginalIssueDateSeries, out var oid))
            return new Refusal("date", Iso(e.Date), $"no share of {option.OriginalIssueDateSeries} has been issued, so its Original Issue Date, from which redemption runs, has not come", Cite(option.Clause));
        var from = RedemptionRules.EligibleFrom(option, oid);
        if (e.Date < from)
            return new Refusal("date", Iso(e.Date),
                $"is before {Iso(from)}: the shares are redeemable at the holder's option on or after the {Ordinal(option.YearsAfterOriginalIssueDate)} anniversary of the Original Issue Date {Iso(oid)}",
                Cite(option.Clause));
        var held = _positions.GetValueOrDefault((e.Holder, e.Series));
        var pending = PendingRedemption(e.Holder, e.Series);
        if (e.Shares > held - pending)
            return new Refusal("shares", N(e.Shares),
                $"{e.Holder} holds {N(held)} shares of {SecurityName(e.Series)} on {Iso(e.Date)}" + (pending > 0 ? $", {N(pending)} of them already under an open redemption request" : ""),
                Cite(terms.Clause));
        return null;
    }

    private void Evolve(RedemptionRequested e)
    {
        var i = Charter.Redemption!.Instalments!;
        _redemptions[e.RequestId] = new RedemptionRequest(e.RequestId, e.Holder, e.Series, e.Shares, e.Date, e.Date.AddDays(i.FirstAfterDays), i.Count, i.IntervalMonths, []);
    }

    /// <summary>The next instalment of <paramref name="r"/> if it were paid on <paramref name="date"/>: its number, due date, shares and price.</summary>
    private Result<RedemptionInstalment> NextInstalment(RedemptionRequest r, DateOnly date)
    {
        var terms = Charter.Redemption;
        var clause = Cite(terms?.Instalments?.Clause ?? terms?.Clause);
        if (r.IsComplete)
            return new Refusal("id", r.Id, $"all {r.Instalments} instalments of the request were redeemed (the last on {Iso(r.Paid[^1].PaidOn)})", clause);
        var number = r.Paid.Count + 1;
        var due = RedemptionRules.ScheduledDate(r, number);
        if (date < due)
            return new Refusal("date", Iso(date), $"is before the Redemption Date {Iso(due)} of instalment {number} of {r.Instalments}", clause);
        if (terms is not { Redeemable: true, Price: { } price } || Charter.FindSeries(r.Series) is not { } series)
            return new Refusal("id", r.Id, "the charter as amended no longer grants redemption of this series", Cite(terms?.Clause));
        // Shares of the request the holder no longer holds (converted or transferred before their Redemption Date)
        // left the request: what remains is the lesser of the shares still requested and the shares held.
        var held = _positions.GetValueOrDefault((r.Holder, r.Series)) - PendingRedemption(r.Holder, r.Series, r.Id);
        var remaining = Math.Min(r.Shares - r.Redeemed, Math.Max(0, held));
        var shares = RedemptionRules.InstalmentShares(remaining, r.Instalments - r.Paid.Count);
        // The holder's own shares, oldest first: the lots the redemption retires (AddPosition → RetireAccrualLots).
        var lots = TakeLots(_accrualLots.GetValueOrDefault(r.Series) ?? [], r.Holder, shares).Taken;
        var quote = RedemptionRules.Quote(series, price, lots, shares, _declaredUnpaid.GetValueOrDefault(r.Series), date);
        return new RedemptionInstalment(number, due, date, shares, quote);
    }

    private Refusal? Decide(RedemptionInstalmentPaid e)
    {
        if (!_redemptions.TryGetValue(e.RequestId, out var r))
            return new Refusal("id", e.RequestId, "is not a redemption request (see 'charta redeem list')", Cite(Charter.Redemption?.Clause));
        var next = NextInstalment(r, e.Date);
        return next.IsOk ? null : next.Refusal;
    }

    private void Evolve(RedemptionInstalmentPaid e)
    {
        var r = _redemptions[e.RequestId];
        var paid = NextInstalment(r, e.Date).Value;
        if (paid.Shares > 0)
        {
            // The shares redeemed leave the series (and its accrual lots, oldest first: the lots the price was taken on).
            AddPosition(r.Holder, r.Series, -paid.Shares);
            if (Charter.Redemption!.RedeemedSharesReissuable is not { Value: true })
                _retired[r.Series] = _retired.GetValueOrDefault(r.Series) + paid.Shares;
        }

        _redemptions[e.RequestId] = r with { Paid = r.Paid.Add(paid) };
    }

    private static string Ordinal(int n) => n switch
    {
        1 => "first", 2 => "second", 3 => "third", 4 => "fourth", 5 => "fifth", 6 => "sixth", 7 => "seventh", 8 => "eighth", 9 => "ninth", 10 => "tenth",
        _ => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" }),
    };
}
