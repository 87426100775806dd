using System.Globalization;
using System.Text.RegularExpressions;
using Charta.Core.Charter;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// Every number of the embedded juniper-1999 charter, checked against the text of the certificate it was
/// transcribed from. The expected values are read out of the legal text with patterns, not copied from the JSON.
/// </summary>
public class JuniperCharterAgainstText
{
    private static readonly CharterDocument Charter = CharterLoader.Default;

    // The certificate with every run of white space (line breaks, page furniture) folded to one space.
    private static readonly string Text = Regex.Replace(CharterLoader.EmbeddedSourceText("juniper-1999")!, @"\s+", " ");

    private static decimal Dec(string s) => decimal.Parse(s.Replace(",", ""), CultureInfo.InvariantCulture);

    private static string Find(string pattern)
    {
        var m = Regex.Match(Text, pattern);
        Assert.True(m.Success, $"the certificate does not contain /{pattern}/");
        return m.Groups[1].Value;
    }

    [Fact]
    public void Fourth_AuthorizedShares_TotalCommonPreferredAndPar()
    {
        Assert.Equal(Dec(Find(@"authorized to issue is ([\d,]+) shares\. The number of shares of Common")), Charter.Authorized.Total.Value);
        Assert.Equal(Dec(Find(@"Common Stock this corporation is authorized to issue is ([\d,]+) shares")), Charter.Authorized.Common.Value);
        Assert.Equal(Dec(Find(@"Preferred Stock this corporation is authorized to issue is ([\d,]+) shares")), Charter.Authorized.Preferred.Value);
        // "$.00001" for both classes
        Assert.Equal(Dec("0" + Find(@"Common Stock this corporation is authorized to issue is [\d,]+ shares, with the par value of \$(\.\d+)")), Charter.Authorized.CommonParValue!.Value);
        Assert.Equal(Dec("0" + Find(@"Preferred Stock this corporation is authorized to issue is [\d,]+ shares, with the par value of \$(\.\d+)")), Charter.Authorized.PreferredParValue!.Value);
        // 85,039,059 = 71,000,000 + 14,039,059
        Assert.Equal(85_039_059, 71_000_000 + 14_039_059);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    [InlineData("D")]
    [InlineData("D1")]
    public void Fourth_2_FixedNumberOfEachSeries(string id) =>
        Assert.Equal(Dec(Find($@"Series {id} Preferred is fixed at ([\d,]+)")), Charter.FindSeries(id)!.FixedShares.Value);

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    [InlineData("D")]
    [InlineData("D1")]
    public void Fourth_4a_i_OriginalIssuePrice(string id) =>
        Assert.Equal(Dec(Find($@"\$([\d.]+) for each outstanding share of Series {id} Preferred")), Charter.FindSeries(id)!.OriginalIssuePrice.Value);

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    [InlineData("D")]
    [InlineData("D1")]
    public void Fourth_6a_i_InitialConversionPrice(string id) =>
        Assert.Equal(Dec(Find($@"\$([\d.]+) \(the ""Series {id} Conversion Price""\)")), Charter.FindSeries(id)!.InitialConversionPrice.Value);

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    [InlineData("D")]
    [InlineData("D1")]
    public void Fourth_3_NonCumulativeDividendRate(string id)
    {
        var s = Charter.FindSeries(id)!;
        Assert.Equal(Dec(Find($@"dividend rate for the Series {id} Preferred is \$([\d.]+) per annum")), s.Dividend.RatePerShare);
        Assert.Contains("entitled to receive non-cumulative dividends", Text);
        Assert.Equal("non-cumulative", s.Dividend.Kind);
    }

    [Fact]
    public void Fourth_1_FiveSeriesInOrder() =>
        Assert.Equal(["A", "B", "C", "D", "D1"], Charter.Series.Select(s => s.Id));

    [Fact]
    public void Fourth_6a_ii_IpoPriceMultiplesProceedsAndVote()
    {
        // "not less than three times the Series A Conversion Price or the Series B Conversion Price or ... not less
        // than one and a half times the Series C Conversion Price or ... not less than one times the Series D
        // Conversion Price or the Series D1 Conversion Price"
        Assert.Contains("not less than three times the Series A Conversion Price or the Series B Conversion Price", Text);
        Assert.Contains("not less than one and a half times the Series C Conversion Price", Text);
        Assert.Contains("not less than one times the Series D Conversion Price or the Series D1 Conversion Price", Text);
        var multiples = Charter.Series.ToDictionary(s => s.Id, s => s.IpoPriceMultiple!.Value);
        Assert.Equal(3m, multiples["A"]);
        Assert.Equal(3m, multiples["B"]);
        Assert.Equal(1.5m, multiples["C"]);
        Assert.Equal(1m, multiples["D"]);
        Assert.Equal(1m, multiples["D1"]);

        var po = Charter.AutomaticConversion!.PublicOffering!;
        Assert.Equal(Dec(Find(@"public offering price, exceed \$([\d,]+)")), po.MinimumAggregateProceeds.Value);
        Assert.Equal("more-than", po.MinimumAggregateProceeds.Comparison); // "exceed"
        Assert.Contains("sixty-six and two thirds (66 2/3) of the shares of Preferred Stock outstanding", Text);
        Assert.Equal("2/3", Charter.AutomaticConversion.PreferredVote!.Fraction);
        Assert.Equal("preferred-shares", Charter.AutomaticConversion.PreferredVote.Base);
    }

    [Fact]
    public void Fourth_6c_D1ResetWindows()
    {
        Assert.Contains("within one hundred eighty (180) days after the Original Issue Date", Text);
        Assert.Contains("eighty-five percent (85%) of the initial public offering price", Text);
        Assert.Contains("between 180 days and one year of the Original Issue Date", Text);
        Assert.Contains("seventy-five percent (75%) of the initial public offering price", Text);
        Assert.Contains("between one year and fifteen (15) months from the Original Issue Date", Text);
        Assert.Contains("sixty-five (65%) of the initial public offering price", Text);
        var w = Charter.ConversionPriceResets.Single(r => r.Series == "D1").Windows;
        Assert.Equal((180, 85m), (w[0].UpToDays!.Value, w[0].PercentOfOfferingPrice));
        Assert.Equal((12, 75m), (w[1].UpToMonths!.Value, w[1].PercentOfOfferingPrice));
        Assert.Equal((15, 65m), (w[2].UpToMonths!.Value, w[2].PercentOfOfferingPrice));
    }

    [Fact]
    public void Fourth_4d_DeemedLiquidationAndValuationWindow()
    {
        Assert.Contains("hold more than 50% of the outstanding voting equity securities", Text);
        var d = Charter.Liquidation!.DeemedLiquidation!.RetainedVotingEquity;
        Assert.Equal(("1/2", "more-than"), (d.Fraction, d.Comparison));
        Assert.Contains("over the thirty-day period ending three (3) days prior to the closing", Text);
        Assert.Equal(30, Charter.Liquidation.NonCashValuation!.WindowDays.Value);
        Assert.Equal(3, Charter.Liquidation.NonCashValuation.WindowEndsDaysBeforeClosing.Value);
    }

    [Fact]
    public void Fourth_4d_iv_6h_6j_NoticePeriods()
    {
        Assert.Contains("not later than ten (10) days prior to the stockholders' meeting", Text);
        Assert.Contains("sooner than ten (10) days after the corporation has given the first notice", Text);
        Assert.Contains("sooner than two (2) days after the corporation has given notice of any material changes", Text);
        Assert.Contains("at least 10 days prior to the date specified therein", Text);
        Assert.Contains("deemed given three (3) days after deposit", Text);
        var n = Charter.Notices!;
        Assert.Equal((10, 10, 2), (n.DeemedLiquidation!.FirstNoticeDaysBefore, n.DeemedLiquidation.ClosingAfterFirstNoticeDays, n.DeemedLiquidation.ClosingAfterMaterialChangeDays));
        Assert.Equal(10, n.RecordDate!.DaysBefore);
        Assert.Equal(3, n.Mailing!.DeemedGivenDaysAfterDeposit);
    }

    [Fact]
    public void Fourth_6d_ShortOptionsAndExclusions()
    {
        Assert.Contains("expire by their terms not more than 30 days after the date of issue", Text);
        Assert.Equal(30, Charter.AntiDilution!.ShortOptionDays!.Value);
        Assert.Equal("D1", Charter.AntiDilution.OriginalIssueDate!.Series); // "the first share of the Series D1 Preferred Stock"
        Assert.Contains("the date on which the first share of the Series D1 Preferred Stock was first issued", Text);
        Assert.Equal(5, Charter.AntiDilution.Exclusions.Count); // (D)(1) through (D)(5)
        Assert.Contains("calculated to the nearest cent", Text);
        Assert.Equal("nearest-cent", Charter.AntiDilution.Rounding);
    }

    [Fact]
    public void Fourth_8_ProtectiveProvisionThresholds()
    {
        Assert.Contains("not less than a majority of the outstanding shares of all series of Preferred Stock", Text);
        Assert.Contains("not less than a sixty-six and two-thirds (66 2/3) of such outstanding shares", Text);
        var p = Charter.ProtectiveProvisions.ToDictionary(x => x.Id);
        Assert.Equal(("1/2", "more-than", "preferred-shares"), (p["adverse-amendment"].Fraction, p["adverse-amendment"].Comparison, p["adverse-amendment"].Base));
        Assert.Equal(("1/2", "more-than", "preferred-shares"), (p["merger"].Fraction, p["merger"].Comparison, p["merger"].Base));
        Assert.Equal(("2/3", "at-least", "preferred-shares"), (p["issue-senior-security"].Fraction, p["issue-senior-security"].Comparison, p["issue-senior-security"].Base));
        Assert.Equal("FOURTH §8(b)(i)", p["issue-senior-security"].Clause);
    }

    [Fact]
    public void Seventh_CumulativeVoting_And_Fourth_5_NotRedeemable()
    {
        Assert.Contains("multiplied by the number of directors to be elected", Text);
        Assert.True(Charter.Directors!.CumulativeVoting);
        Assert.Contains("The Preferred Stock shall not be redeemable", Text);
        Assert.False(Charter.Redemption!.Redeemable);
    }

    [Fact]
    public void EveryTermCarriesAClause()
    {
        foreach (var s in Charter.Series)
        {
            Assert.StartsWith("FOURTH", s.FixedShares.Clause);
            Assert.StartsWith("FOURTH", s.OriginalIssuePrice.Clause);
            Assert.StartsWith("FOURTH", s.InitialConversionPrice.Clause);
            Assert.StartsWith("FOURTH", s.Dividend.Clause);
            Assert.StartsWith("FOURTH", s.Liquidation.Clause);
        }
    }
}
