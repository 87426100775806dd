namespace Charta.Core.Tests.Names;

/// <summary>docs/cli.md "Limits": a decimal is read exactly or refused; it is never rounded to fit.</summary>
public class Limits_ExactDecimal
{
    [Theory]
    [InlineData("1.07", "1.07")]
    [InlineData("1.00", "1.00")]                      // the written scale is kept
    [InlineData("-0.5", "-0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("2.5E-2", "0.025")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]   // 28 places: the most a decimal holds
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]    // decimal.MaxValue
    [InlineData("1.00000000000000000000000000000", "1.0000000000000000000000000000")] // trailing zeros past 28 places dropped: same value
    public void Exact(string text, string expected)
    {
        Assert.True(Limits.TryExactDecimal(text, out var d, out var why), why);
        Assert.Equal(expected, d.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("0.0123456789012345678901234567890123")]   // 34 places
    [InlineData("0.00000000000000000000000000001")]        // 29 places: decimal.Parse gives 0
    [InlineData("79228162514264337593543950336")]          // decimal.MaxValue + 1
    [InlineData("9.2345678901234567890123456789")]         // 29 significant digits that do not fit 96 bits (> 7.9 × 10^28)
    [InlineData("1e40")]
    public void RefusedNotRounded(string text)
    {
        Assert.False(Limits.TryExactDecimal(text, out _, out var why));
        Assert.DoesNotContain("is not a decimal number", why);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("1,000")]
    [InlineData(" 1")]
    [InlineData("NaN")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    public void NotANumber(string text) => Assert.False(Limits.TryExactDecimal(text, out _, out _));

    [Fact]
    public void DatesOutside1900To2200_AreRefused()
    {
        Assert.NotNull(Limits.CheckDate(new DateOnly(1, 1, 1)));
        Assert.NotNull(Limits.CheckDate(new DateOnly(9999, 12, 31)));
        Assert.NotNull(Limits.CheckDate(new DateOnly(1899, 12, 31)));
        Assert.Null(Limits.CheckDate(new DateOnly(1900, 1, 1)));
        Assert.Null(Limits.CheckDate(new DateOnly(2200, 12, 31)));
    }
}
