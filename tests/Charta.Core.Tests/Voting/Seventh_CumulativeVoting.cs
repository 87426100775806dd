using Charta.Core.Tests.Governance;
using Charta.Core.Voting;
using CsCheck;

namespace Charta.Core.Tests.Voting;

/// <summary>Article SEVENTH: cumulative voting for directors.</summary>
public class Seventh_CumulativeVoting
{
    private static readonly DateOnly Record = new(1999, 6, 1);

    [Fact]
    public void OneSeatOfFive_With1200Shares_Needs201()
    {
        // X > S·N / (D + 1) = 1,200 × 1 / 6 = 200, so 201. Check: 201 × 5 = 1,005 on one candidate; the others have
        // 999 × 5 = 4,995 votes, and five candidates at 1,005 would need 5,025. With 200: 1,000 vs 5 × 1,000 = 5,000, a tie.
        Assert.Equal(201, CumulativeVoting.MinimumToGuarantee(1_200, 5, 1).Value);
    }

    [Fact]
    public void ThreeSeatsOfFive_With1200Shares_Need601()
    {
        // 1,200 × 3 / 6 = 600 → 601. 601 × 5 = 3,005 over 3 candidates: weakest ⌊1,001.67⌋ = 1,001;
        // others 599 × 5 = 2,995 < 3 × 1,001 = 3,003. With 600: weakest 1,000, others 3,000 = 3 × 1,000: a tie.
        Assert.Equal(601, CumulativeVoting.MinimumToGuarantee(1_200, 5, 3).Value);
        Assert.Equal(3, CumulativeVoting.SeatsGuaranteed(1_200, 601, 5).Value);
        Assert.Equal(2, CumulativeVoting.SeatsGuaranteed(1_200, 600, 5).Value);
    }

    /// <summary>
    /// Brute force: the bloc tries every split of its X·D votes over N candidates; the others try every split of their
    /// (S − X)·D votes over D candidates of their own. The bloc is sure of N seats if some split of its own leaves each
    /// of its candidates with fewer than D other candidates at or above it, whatever the others do.
    /// </summary>
    private static bool BruteForce(int s, int x, int d, int n)
    {
        foreach (var ours in Splits(x * d, n))
        {
            var safe = true;
            foreach (var theirs in Splits((s - x) * d, d))
            {
                var all = ours.Concat(theirs).ToArray();
                for (var i = 0; i < n && safe; i++)
                    if (all.Where((v, j) => j != i && v >= ours[i]).Count() >= d) safe = false;
                if (!safe) break;
            }

            if (safe) return true;
        }

        return false;
    }

    private static IEnumerable<int[]> Splits(int total, int parts)
    {
        if (parts == 1)
        {
            yield return [total];
            yield break;
        }

        for (var first = 0; first <= total; first++)
            foreach (var rest in Splits(total - first, parts - 1))
                yield return [first, .. rest];
    }

    [Fact]
    public void TheCalculator_AgreesWithBruteForce_ForSmallCompanies()
    {
        for (var d = 1; d <= 3; d++)
        for (var s = 1; s <= 7; s++)
        for (var n = 1; n <= d; n++)
        {
            var least = Enumerable.Range(1, s).First(x => BruteForce(s, x, d, n));
            Assert.True(least == CumulativeVoting.MinimumToGuarantee(s, d, n).Value, $"S={s} D={d} N={n}: brute force {least}");
            for (var x = 1; x <= s; x++)
                Assert.True(BruteForce(s, x, d, n) == CumulativeVoting.Guarantees(s, x, d, n), $"S={s} X={x} D={d} N={n}");
        }
    }

    [Fact]
    public void GuaranteedSeats_AreMonotoneInSharesHeld()
    {
        Gen.Long[1, 1_000_000_000].SelectMany(s => Gen.Select(Gen.Const(s), Gen.Long[1, s], Gen.Long[1, s], Gen.Int[1, 15])).Sample((s, a, b, d) =>
        {
            var (x, y) = (Math.Min(a, b), Math.Max(a, b));
            Assert.True(CumulativeVoting.SeatsGuaranteed(s, x, d).Value <= CumulativeVoting.SeatsGuaranteed(s, y, d).Value);
        }, iter: 500);
    }

    [Fact]
    public void AHolderCastingMoreThanVotesTimesSeats_IsRefusedByName()
    {
        // Ann has 100 common = 100 votes; 3 seats → 300 votes to cast. 200 + 101 = 301 is one too many.
        var v = Votes.Count(new GovernanceLedger().Issue("Ann", "common", 100).Issue("Bob", "common", 50).Table(Record));
        var r = CumulativeVoting.Elect(v, 3, [new("Ann", "X", 200), new("Ann", "Y", 101), new("Bob", "Z", 150)], Charta.Core.Charter.CharterLoader.Default.Directors!.Clause);
        Assert.False(r.IsOk);
        Assert.Equal("Ann", r.Refusal!.Value);
        Assert.Contains("301", r.Refusal.Reason);
        Assert.Contains("300", r.Refusal.Reason);
        Assert.Equal("SEVENTH", r.Refusal.Clause?.Citation);
    }

    [Fact]
    public void TheTopSeatsAreElected_AndATieAtTheCutOffIsReportedAsATie()
    {
        // Ann 100 votes × 2 seats = 200: X 120, Y 80. Bob 40 × 2 = 80: Z 80. Ranking X 120, Y 80, Z 80:
        // X is elected; Y and Z tie for the second seat.
        var v = Votes.Count(new GovernanceLedger().Issue("Ann", "common", 100).Issue("Bob", "common", 40).Table(Record));
        var r = CumulativeVoting.Elect(v, 2, [new("Ann", "X", 120), new("Ann", "Y", 80), new("Bob", "Z", 80)]).Value;
        Assert.Equal("elected", r.Candidates.Single(c => c.Candidate == "X").Outcome);
        Assert.Equal("tied", r.Candidates.Single(c => c.Candidate == "Y").Outcome);
        Assert.Equal("tied", r.Candidates.Single(c => c.Candidate == "Z").Outcome);
        Assert.Equal(1, r.TiedForSeats);

        // Bob moves one vote less: Z 79 → X and Y elected, no tie.
        var clear = CumulativeVoting.Elect(v, 2, [new("Ann", "X", 120), new("Ann", "Y", 80), new("Bob", "Z", 79)]).Value;
        Assert.Equal(["elected", "elected", "not-elected"], clear.Candidates.Select(c => c.Outcome));
        Assert.Equal(0, clear.TiedForSeats);
    }
}
