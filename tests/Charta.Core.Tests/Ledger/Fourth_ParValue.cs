using Charta.Core.Ledger;
using static Charta.Core.Tests.Ledger.TestLedger;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// FOURTH (par value $0.00001 a share of common and of preferred): a share with a par value is not issued for less than
/// par (DGCL §153(a)); the refusal cites the charter's own par-value clause. Found by Charter_SchemaEveryTerm: the term
/// was read by no rule before session 20.
/// </summary>
public class Fourth_ParValue
{
    [Fact]
    public void Fourth_Common_AtPar_IsIssued_BelowPar_IsRefused()
    {
        var l = Juniper(null, "F");
        // $0.00001 is the par value itself: issued. $0.000009 is below it: refused, naming the price and the par value.
        l.Ok(new SharesIssued(D("1996-03-01"), "F", "common", 1_000, 0.00001m));
        var refusal = l.TryAdd(new SharesIssued(D("1996-03-02"), "F", "common", 1_000, 0.000009m));
        Assert.NotNull(refusal);
        Assert.Equal("price", refusal.Field);
        Assert.Equal("0.000009", refusal.Value);
        Assert.Contains("authorized.commonParValue", refusal.Reason);
        Assert.Equal("FOURTH", refusal.Clause!.Value.Citation);
        Assert.Equal(1_000, l.Table().Outstanding("common"));
    }

    [Fact]
    public void Fourth_Preferred_BelowPar_IsRefused()
    {
        // $0.000001 a share of Series B (par $0.00001): a sale below par.
        var refusal = Juniper(null, "KP").TryAdd(new SharesIssued(D("1997-01-15"), "KP", "B", 10, 0.000001m));
        Assert.NotNull(refusal);
        Assert.Contains("authorized.preferredParValue", refusal.Reason);
        Assert.Equal("FOURTH", refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void Fourth_AnIssueAtZero_IsForNoNewConsideration_NotASaleBelowPar()
    {
        // $0.00 records shares given for no new consideration (a stock dividend written as issuances, shares for past
        // services): accepted, and the 1,000 common are outstanding.
        var l = Juniper(null, "F");
        l.Ok(new SharesIssued(D("1996-03-01"), "F", "common", 1_000, 0m));
        Assert.Equal(1_000, l.Table().Outstanding("common"));
    }
}
