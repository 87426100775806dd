using Charta.Core.Charter;

namespace Charta.Core.Tests.Charter;

/// <summary>Looking a clause up in the embedded certificate by its citation.</summary>
public class ClauseTextLookup
{
    private static readonly string Text = CharterLoader.EmbeddedSourceText("juniper-1999")!;

    [Theory]
    [InlineData("FOURTH §2", "2. Number of Shares. The number of shares constituting the Series A Preferred is fixed at 1,743,751 shares")]
    [InlineData("FOURTH §6(d)(iv)", "(iv) Adjustment of Conversion Price Upon Issuance of Additional Shares of Common Stock.")]
    [InlineData("FOURTH §6(d)(i)(D)(2)", "(2) to officers, directors, and employees of, and consultants to, the corporation")]
    [InlineData("FOURTH §4(d)(ii)(A)(3)", "(3) If there is no active public market")]
    [InlineData("FOURTH §6(g)(i)", "(i) No fractional shares shall be issuable")]
    [InlineData("FOURTH §4(b)", "b. If upon the occurrence of such event")]
    [InlineData("SEVENTH", "SEVENTH. At all elections of directors")]
    [InlineData("FOURTH §9", "9. Status of Converted Stock.")]
    public void Finds_TheClause_ByItsCitation(string citation, string startsWith)
    {
        var m = ClauseText.Find(Text, citation)!;
        Assert.True(m.Exact);
        Assert.StartsWith(startsWith, m.Text);
    }

    [Fact]
    public void AClauseSpanningAPageBreak_DropsThePageFurniture()
    {
        // §6(d)(i)(D)(5) runs over the foot of page 6 ("-6-") and the head of page 7 ("7").
        var m = ClauseText.Find(Text, "FOURTH §6(d)(i)(D)(5)")!;
        Assert.Contains("convertible into shares of Common Stock in conjunction with equipment leases", m.Text);
        Assert.DoesNotContain("-6-", m.Text);
    }

    [Fact]
    public void AClauseEndsWhereTheNextSiblingBegins()
    {
        var m = ClauseText.Find(Text, "FOURTH §4(a)")!;
        Assert.Contains("all declared and unpaid dividends", m.Text);
        Assert.DoesNotContain("b. If upon the occurrence", m.Text);
    }

    [Fact]
    public void AnInlineSubClause_FallsBackToItsParent()
    {
        var m = ClauseText.Find(Text, "FOURTH §6(a)(ii)(a)")!;
        Assert.False(m.Exact);
        Assert.Equal("FOURTH §6(a)(ii)", m.Citation);
        Assert.StartsWith("(ii) Each share of Preferred Stock shall automatically", m.Text);
    }

    [Fact]
    public void UnreadableCitation_IsNull() => Assert.Null(ClauseText.Find(Text, "Section 6C(ii)"));
}
