using Charta.Core.Ledger;
using Charta.Core.Tests.Governance;
using Charta.Core.Voting;

namespace Charta.Core.Tests.Voting;

/// <summary>FOURTH §7(a): one vote per common share; preferred votes as converted at the record date, aggregated per holder, then rounded.</summary>
public class Fourth_7a_Votes
{
    private static readonly DateOnly Record = new(1999, 6, 1);

    [Fact]
    public void FractionsThatOnlyPassAHalfAfterAggregation_RoundUp()
    {
        // 1 A = 1.00 / 0.44 = 2.2727… common; 1 B = 2.40 / 1.07 = 2.2429… common.
        // Rounded one by one: 2 + 2 = 4. Aggregated first: 4.5157… → 5 votes.
        var v = Votes.Count(new GovernanceLedger().Issue("Mia", "A", 1).Issue("Mia", "B", 1).Table(Record));
        var mia = v.Find("Mia")!;
        Assert.Equal(5, mia.PreferredVotes);
        Assert.Equal(2, mia.PreferredShares);
        Assert.Equal(5, v.PreferredVotes);
    }

    [Fact]
    public void ASplitBeforeTheRecordDate_DoublesEveryVote()
    {
        // 2:1 split on 1999-03-01: D conversion price 11.03 → 5.515, so 1 D converts into 11.03 / 5.515 = 2 common.
        // Before: 100 D = 100 votes, 50 common = 50. After: 100 D = 200 votes, 100 common = 100.
        var l = new GovernanceLedger().Issue("Dee", "D", 100).Issue("Cal", "common", 50)
            .Add(new StockSplit(new DateOnly(1999, 3, 1), 2, 1));
        var before = Votes.Count(l.Table(new DateOnly(1999, 2, 1)));
        var after = Votes.Count(l.Table(new DateOnly(1999, 4, 1)));
        Assert.Equal(100, before.Find("Dee")!.Total);
        Assert.Equal(50, before.Find("Cal")!.Total);
        Assert.Equal(200, after.Find("Dee")!.Total);
        Assert.Equal(100, after.Find("Cal")!.Total);
        Assert.Equal(300, after.TotalVotes);
    }

    [Fact]
    public void AnExactHalfVote_RoundsAwayFromZero()
    {
        // A 1:2 combination doubles the D conversion price to 22.06: 1 D = 11.03 / 22.06 = 0.5 common exactly.
        // 1 D → 0.5 → 1 vote; 3 D → 1.5 → 2 votes (midpoint away from zero, charter voting.midpoint).
        var t = new GovernanceLedger().Issue("One", "D", 1).Issue("Three", "D", 3).Issue("Cal", "common", 10)
            .Add(new StockSplit(new DateOnly(1999, 3, 1), 1, 2)).Table(Record);
        var v = Votes.Count(t);
        Assert.Equal(1, v.Find("One")!.PreferredVotes);
        Assert.Equal(2, v.Find("Three")!.PreferredVotes);
        Assert.Equal("away-from-zero", v.Midpoint);
    }

    [Fact]
    public void CompanyTotals_AddTheHolders()
    {
        // Ace: 440 A = 440 / 0.44 = 1,000 votes; Dee: 400 D = 400; Cal: 1,000 common = 1,000. Total 2,400.
        var v = Votes.Count(new GovernanceLedger().Issue("Ace", "A", 440).Issue("Dee", "D", 400).Issue("Cal", "common", 1_000).Table(Record));
        Assert.Equal(1_000, v.CommonVotes);
        Assert.Equal(840, v.PreferredShares);
        Assert.Equal(1_400, v.PreferredVotes);
        Assert.Equal(2_400, v.TotalVotes);
        Assert.Equal(["Ace", "Dee", "Cal"], v.Holders.Select(h => h.Name));   // the order of the register
    }
}
