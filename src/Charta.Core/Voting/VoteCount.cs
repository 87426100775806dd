using System.Numerics;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Money;

namespace Charta.Core.Voting;

/// <summary>One holder's votes at a record date.</summary>
/// <param name="CommonVotes">The votes of the holder's common: each share its class's votes (one, FOURTH §7(a); Class B ten on a charter that says so).</param>
/// <param name="PreferredShares">Preferred shares held, all series together (the base of §8(a), §8(b), §6(a)(ii)(b)).</param>
/// <param name="PreferredAsConverted">The exact common the holder's preferred could convert into, aggregated over all series.</param>
/// <param name="PreferredVotes">That aggregate rounded to the nearest whole vote (the base of §4(d)(ii)(A)(3), (B) and §4(d)(iv)).</param>
/// <param name="BySeries">Preferred shares per series held (non-zero only), in charter order.</param>
public sealed record HolderVotes(
    string Name,
    long CommonVotes,
    long PreferredShares,
    decimal PreferredAsConverted,
    long PreferredVotes,
    IReadOnlyList<SeriesHolding> BySeries)
{
    public long Total => CommonVotes + PreferredVotes;

    /// <summary>Common shares held per class of common (non-zero only), in charter order: one entry on a one-class charter.</summary>
    public IReadOnlyList<SeriesHolding> CommonByClass { get; init; } = [];

    /// <summary>Common shares held, every class together.</summary>
    public long CommonShares => CommonByClass.Sum(k => k.Shares);
}

/// <summary>One class of common at a record date: its shares outstanding, its votes per share and the votes they carry.</summary>
public readonly record struct CommonClassVotes(string Class, string Name, long Shares, long VotesPerShare, long Votes, string? Clause);

/// <summary>Shares of one preferred series held.</summary>
public readonly record struct SeriesHolding(string Series, long Shares);

/// <summary>Votes of every holder at a record date, and the company totals. Holders are in the order of the register.</summary>
public sealed record VoteCount(
    DateOnly? RecordDate,
    IReadOnlyList<HolderVotes> Holders,
    long CommonVotes,
    long PreferredShares,
    long PreferredVotes,
    string Midpoint,
    string Clause)
{
    public long TotalVotes => CommonVotes + PreferredVotes;

    /// <summary>Each class of common (charter order): shares, votes per share, votes. Their votes add up to <see cref="CommonVotes"/>.</summary>
    public IReadOnlyList<CommonClassVotes> CommonClasses { get; init; } = [];

    private Dictionary<string, HolderVotes>? _byName;

    public HolderVotes? Find(string name)
    {
        _byName ??= Holders.ToDictionary(h => h.Name, StringComparer.Ordinal);
        return _byName.GetValueOrDefault(name);
    }
}

/// <summary>
/// FOURTH §7(a): "the holder of each share of Common Stock… shall have one vote and the holder of each share of
/// Preferred Stock shall be entitled to the number of votes equal to the number of shares of Common Stock into which
/// such respective share… could be converted at the record date… Fractional votes… shall not… be permitted and any
/// fractional voting rights shall (after aggregating all shares into which shares of Preferred Stock held by each
/// holder could be converted) be rounded to the nearest whole number."
/// </summary>
public static class Votes
{
    /// <summary>
    /// Votes at the table's date. Pass the cap table folded to the record date (or, with no record date, to the date
    /// of the vote or of the consent solicitation). Holders with no shares are left out; the list is in the order of the register.
    /// </summary>
    public static VoteCount Count(CapTable table)
    {
        var charter = table.Charter;
        var terms = charter.Voting;
        var clause = terms?.Clause ?? "(the charter cites no voting clause)";
        var midpoint = MidpointOf(terms?.Midpoint);
        // Each class of common its own votes per share (§7-style: "each share of Class B Common… ten votes").
        var classes = charter.CommonClasses;
        var m = classes.Count;
        var perShare = new long[m];
        var commonIndex = new Dictionary<string, int>(m, StringComparer.Ordinal);
        for (var k = 0; k < m; k++)
        {
            perShare[k] = charter.VotesPerShareOf(classes[k].Id);
            commonIndex[classes[k].Id] = k;
        }
        var n = charter.Series.Count;
        var oip = new decimal[n];
        var ratio = new decimal[n];
        var exact = new ExactPrice[n];
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var s = charter.Series[i];
            index[s.Id] = i;
            oip[i] = s.OriginalIssuePrice.Value;
            // The exact price (§6(e)(i) keeps it proportionate): the ten-place display would move a vote at a half.
            exact[i] = table.ExactConversionPrice(s.Id);
            ratio[i] = exact[i].Quotient(oip[i]);
        }

        // Slots in register order; one pass over the positions into flat arrays (no per-holder objects).
        var holderCount = table.Holders.Count;
        var slot = new Dictionary<string, int>(holderCount, StringComparer.Ordinal);
        for (var h = 0; h < holderCount; h++) slot[table.Holders[h]] = h;
        var commonShares = new long[checked(holderCount * m)];
        var seriesShares = new long[checked(holderCount * n)];
        // Enumerate the concrete dictionary: through the interface each step costs a boxed, undevirtualized call
        // (measured ~9× slower on 200,000 positions; docs/performance.md).
        var allPositions = table.Positions as Dictionary<(string Holder, string Security), long>
                           ?? new Dictionary<(string Holder, string Security), long>(table.Positions);
        foreach (var ((holder, security), shares) in allPositions)
        {
            if (shares == 0) continue;
            var h = slot[holder];
            if (commonIndex.TryGetValue(security, out var k)) commonShares[h * m + k] += shares;
            else seriesShares[h * n + index[security]] += shares;
        }

        var holders = new List<HolderVotes>(holderCount);
        long commonVotes = 0, prefShares = 0, prefVotes = 0;
        var classShares = new long[m];
        var classVotes = new long[m];
        var lots = new long[n];
        for (var h = 0; h < holderCount; h++)
        {
            decimal asConverted = 0;
            long pref = 0;
            var held = 0;
            for (var i = 0; i < n; i++)
            {
                var x = seriesShares[h * n + i];
                lots[i] = x;
                if (x == 0) continue;
                held++;
                pref += x;
                asConverted += x * ratio[i];
            }

            long cv = 0;
            var commonHeld = 0;
            for (var k = 0; k < m; k++)
            {
                var x = commonShares[h * m + k];
                if (x == 0) continue;
                commonHeld++;
                var v = checked(x * perShare[k]);
                cv = checked(cv + v);
                classShares[k] += x;
                classVotes[k] += v;
            }

            if (pref == 0 && commonHeld == 0) continue;
            var bySeries = held == 0 ? [] : new SeriesHolding[held];
            for (int i = 0, k = 0; i < n; i++)
                if (lots[i] != 0) bySeries[k++] = new SeriesHolding(charter.Series[i].Id, lots[i]);
            var byClass = commonHeld == 0 ? [] : new SeriesHolding[commonHeld];
            for (int k = 0, j = 0; k < m; k++)
                if (commonShares[h * m + k] != 0) byClass[j++] = new SeriesHolding(classes[k].Id, commonShares[h * m + k]);

            var votes = pref == 0 ? 0 : RoundAggregate(asConverted, lots, oip, exact, midpoint);
            holders.Add(new HolderVotes(table.Holders[h], cv, pref, asConverted, votes, bySeries) { CommonByClass = byClass });
            commonVotes += cv;
            prefShares += pref;
            prefVotes += votes;
        }

        var perClass = new CommonClassVotes[m];
        for (var k = 0; k < m; k++)
            perClass[k] = new CommonClassVotes(classes[k].Id, classes[k].Name, classShares[k], perShare[k], classVotes[k],
                classes[k].VotesPerShare?.Clause ?? terms?.Clause);
        return new VoteCount(table.AsOf, holders, commonVotes, prefShares, prefVotes, midpoint == MidpointRounding.AwayFromZero ? "away-from-zero" : "to-even", clause)
        {
            CommonClasses = perClass,
        };
    }

    /// <summary>
    /// Rounds the aggregate as-converted common to the nearest whole vote. decimal division leaves the 28th digit
    /// inexact for prices like 1.00 / 0.44, so when the decimal sum is within 10⁻¹² of a half the aggregate is redone
    /// as an exact rational (Σ shares × OIP / CP over BigInteger) before the midpoint rule decides.
    /// </summary>
    private static long RoundAggregate(decimal approx, long[] shares, decimal[] oip, ExactPrice[] cp, MidpointRounding midpoint)
    {
        var frac = approx - decimal.Floor(approx);
        if (Math.Abs(frac - 0.5m) > 0.000000000001m) return Rounding.ToNearestWholeVote(approx, midpoint);

        // Exact: Σ shares_i × oip_i / cp_i, each conversion price exact (a split-adjusted price is a base times a factor).
        var sum = Money.Rational.Zero;
        for (var i = 0; i < shares.Length; i++)
            if (shares[i] != 0) sum += cp[i].Into(shares[i] * oip[i]);
        BigInteger num = sum.Numerator, den = sum.Denominator;
        if (den.Sign < 0) (num, den) = (-num, -den);

        var whole = BigInteger.DivRem(num, den, out var rem);
        var twice = rem * 2;
        var cmp = twice.CompareTo(den);
        var up = cmp > 0 || (cmp == 0 && (midpoint == MidpointRounding.AwayFromZero || !whole.IsEven));
        return checked((long)(up ? whole + 1 : whole));
    }


    /// <summary>The charter's midpoint rule for §7(a) rounding: "away-from-zero" (default: a half vote rounds up) or "to-even".</summary>
    public static MidpointRounding MidpointOf(string? text) => text switch
    {
        null or "away-from-zero" => MidpointRounding.AwayFromZero,
        "to-even" => MidpointRounding.ToEven,
        _ => throw new InvalidOperationException($"unknown voting midpoint rule '{text}'"),
    };

}
