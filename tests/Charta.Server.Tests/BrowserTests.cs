using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Charta.Server.Tests;

/// <summary>
/// A browser test: runs in the distribution's Chromium (<c>$CHARTA_CHROMIUM</c>, default /usr/bin/chromium) through
/// Playwright's bundled driver, never a downloaded browser. Skipped, saying why, only when Chromium is absent and the
/// run is not CI; in CI a missing Chromium fails the test.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public static string Chromium => Environment.GetEnvironmentVariable("CHARTA_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Skip = $"Chromium not found at {Chromium} (set CHARTA_CHROMIUM or apt-get install chromium); CI installs it and runs this test";
    }
}

/// <summary>Starts one headless Chromium for the class, with the launch flags that keep it offline and quiet.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.Chromium) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

/// <summary>
/// The pages in a real browser: sign in per role, record an issuance and see it in the cap table, a refusal inline,
/// the waterfall slider, and a stockholder stopped at another holder's page and API (403). With
/// <c>CHARTA_SCREENSHOTS=1</c> each page is saved to docs/images/server-*.png.
/// </summary>
public sealed class Pages_In_A_Real_Browser(ServerFixture f, BrowserFixture b) : IClassFixture<ServerFixture>, IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignIn(string user)
    {
        var context = await b.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = f.Address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("API token").FillAsync(f.Tokens[user]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Wait until the sign-in has navigated away (its cookie is set), not only for the sign-in page's own load state:
        // a test that navigates before the answer arrives would lose the session.
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        return page;
    }

    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CHARTA_SCREENSHOTS") != "1") return;
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Charta.slnx"))) dir = Path.GetDirectoryName(dir);
        if (dir is null) return;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "docs", "images", $"server-{name}.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Each_role_signs_in_and_lands_on_its_page()
    {
        foreach (var (user, role, landing) in new[] { ("admin", "admin", "/captable"), ("counsel", "counsel", "/captable"), ("viewer", "viewer", "/captable"), ("alice", "stockholder", "/holders/") })
        {
            var page = await SignIn(user);
            Assert.Contains(landing, page.Url, StringComparison.Ordinal);
            Assert.Contains($"{user} ({role})", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
            if (user == "viewer") await Shot(page, "captable");
            if (user == "alice") await Shot(page, "stockholder");
            await page.Context.CloseAsync();
        }

        var anon = await b.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = f.Address.ToString() });
        await anon.GotoAsync("/signin");
        await Shot(anon, "signin");
        await anon.GetByLabel("API token").FillAsync("charta_0000_not-a-token");
        await anon.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.Contains("not valid", await anon.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        await anon.CloseAsync();
    }

    [BrowserFact]
    public async Task Counsel_records_an_issuance_and_sees_it_in_the_cap_table_and_a_refusal_inline()
    {
        var page = await SignIn("counsel");
        await page.GotoAsync("/ledger");
        await page.Locator("#issue-holder").FillAsync(ServerFixture.Alice);
        await page.Locator("#issue-security").FillAsync("common");
        await page.Locator("#issue-shares").FillAsync("50000");
        await page.Locator("#issue-price").FillAsync("0.05");
        await page.Locator("#issue-date").FillAsync("1999-03-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record issuance" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Contains("Recorded event #", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        await Shot(page, "ledger");

        await page.GotoAsync("/captable");
        var row = page.Locator("#holders tr", new() { HasText = ServerFixture.Alice });
        // Alice held 100,000 common; 50,000 more makes 150,000 as converted.
        Assert.Contains("150,000", await row.InnerTextAsync(), StringComparison.Ordinal);

        // One share of Series B over its fixed 3,915,308 is refused inline, with the clause, and nothing is written.
        await page.GotoAsync("/ledger");
        await page.Locator("#issue-holder").FillAsync(ServerFixture.Alice);
        await page.Locator("#issue-security").FillAsync("B");
        await page.Locator("#issue-shares").FillAsync("1");
        await page.Locator("#issue-price").FillAsync("2.40");
        await page.Locator("#issue-date").FillAsync("1999-03-02");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record issuance" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var alert = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains("over its fixed number of 3,915,308 by 1 (FOURTH §2)", alert, StringComparison.Ordinal);
        await Shot(page, "ledger-refusal");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Moving_the_waterfall_slider_changes_the_table()
    {
        var page = await SignIn("viewer");
        await page.GotoAsync("/waterfall");
        var slider = page.GetByLabel("Exit value (US$)");
        await slider.FillAsync("100000000");
        await page.WaitForURLAsync(new Regex("exit=100000000"));
        Assert.Contains("$100,000,000.00", await page.Locator("#summary").InnerTextAsync(), StringComparison.Ordinal);
        // The class totals add up to the exit to the cent (FOURTH §4).
        var totals = await page.Locator("#by-class tbody tr td:nth-child(5)").AllInnerTextsAsync();
        Assert.Equal(100_000_000m, totals.Sum(t => decimal.Parse(t.TrimStart('$'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1, await page.Locator("figure svg").CountAsync());
        await Shot(page, "waterfall");
        await page.GotoAsync("/conversion");
        await Shot(page, "conversion");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Every_page_passes_the_axe_accessibility_rules()
    {
        var page = await SignIn("counsel");
        var failures = new List<string>();
        foreach (var url in new[] { "/captable", "/ledger", "/waterfall?exit=250000000", "/conversion", "/approvals?action=merger&retainedEquity=40%25", "/holders/" + Uri.EscapeDataString(ServerFixture.Alice) + "?exit=250000000" })
        {
            await page.GotoAsync(url);
            // The chart is ScottPlot's SVG, drawn for sighted readers beside the tables that carry the same figures.
            var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunContext { Exclude = [new Deque.AxeCore.Commons.AxeSelector("figure svg")] });
            failures.AddRange(result.Violations.Select(v => $"{url}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}"));
        }

        var anon = await b.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = f.Address.ToString() });
        await anon.GotoAsync("/signin");
        failures.AddRange((await anon.RunAxe()).Violations.Select(v => $"/signin: {v.Id} ({v.Impact}) {v.Help}"));
        await anon.CloseAsync();
        await page.Context.CloseAsync();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [BrowserFact]
    public async Task A_stockholder_cannot_reach_another_holders_page_or_api()
    {
        var page = await SignIn("alice");
        var own = await page.GotoAsync("/holders/" + Uri.EscapeDataString(ServerFixture.Alice) + "?exit=250000000");
        Assert.Equal(200, own!.Status);
        Assert.Contains("you receive", await page.Locator("#payout").InnerTextAsync(), StringComparison.Ordinal);
        var other = await page.GotoAsync("/holders/" + Uri.EscapeDataString(ServerFixture.Bob));
        Assert.Equal(403, other!.Status);
        var api = await page.GotoAsync("/api/holders/" + Uri.EscapeDataString(ServerFixture.Bob));
        Assert.Equal(403, api!.Status);
        var ledger = await page.GotoAsync("/ledger");
        Assert.Equal(403, ledger!.Status);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_browser_decodes_the_cap_table_gzipped_in_parts()
    {
        // The latest cap table is one gzip member laid out of runs of rows compressed apart (GzipSegments): Chromium's
        // own decoder reads it to the JSON the server gives uncompressed.
        var page = await SignIn("viewer");
        var fetched = await page.EvaluateAsync<string[]>("fetch('/api/captable').then(async r => [r.headers.get('content-encoding') ?? '', await r.text()])");
        Assert.Equal("gzip", fetched[0]);
        using var c = f.Client("viewer");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/captable");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
        using var r = await c.SendAsync(request);
        Assert.Equal(await r.Content.ReadAsStringAsync(), fetched[1]);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_approvals_page_is_driven_by_the_keyboard_and_cites_the_charter()
    {
        var page = await SignIn("viewer");
        await page.GotoAsync("/approvals");
        var action = page.GetByLabel("Proposed action");
        await action.FocusAsync();
        await action.SelectOptionAsync("force-conversion");
        // Tab past the date (its parts are tab stops) and the retained-equity field to the button, then press Enter: no mouse.
        for (var i = 0; i < 10 && await page.EvaluateAsync<string>("document.activeElement.textContent") != "Show"; i++) await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Show", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        // Wait for the answer itself (the URL committed, then the table's first row), not for the page's "load" event:
        // a fresh-clone CI run once saw network-idle but no "load" within 30 s.
        await page.WaitForURLAsync(new Regex("action=force-conversion"), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("#approvals tbody tr").First.WaitForAsync();
        var rows = await page.Locator("#approvals tbody tr").AllInnerTextsAsync();
        Assert.NotEmpty(rows);
        // Every row names the clause it comes from, and the page states the action measured.
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Split('\t')[0])));
        Assert.Contains("force-conversion", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Shot(page, "approvals");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_certificate_downloads_from_the_conversion_price_history_as_md_html_and_pdf()
    {
        // An issue of common far below every conversion price adjusts them (weighted average): the history gets a row.
        using (var api = f.Client("admin"))
        {
            var r = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/events/issue",
                new { holder = ServerFixture.Bob, security = "common", shares = 1_000_000, price = 0.01m, date = "1999-04-01" });
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        var page = await SignIn("counsel");
        await page.GotoAsync("/conversion");
        var first = page.Locator("#history tbody tr").First;
        var md = await page.RunAndWaitForDownloadAsync(() => first.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("as Markdown$") }).ClickAsync());
        var text = await File.ReadAllTextAsync((await md.PathAsync())!);
        Assert.StartsWith("# Certificate as to adjustment of the Conversion Price", text, StringComparison.Ordinal);
        Assert.EndsWith(".md", md.SuggestedFilename, StringComparison.Ordinal);
        var pdf = await page.RunAndWaitForDownloadAsync(() => first.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("as PDF$") }).ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await pdf.PathAsync())!);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var html = await page.RunAndWaitForDownloadAsync(() => first.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("as HTML$") }).ClickAsync());
        Assert.Contains("<h1", await File.ReadAllTextAsync((await html.PathAsync())!), StringComparison.Ordinal);
        // The links are reachable by the keyboard: focus the first and it is the Markdown certificate.
        await first.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("as Markdown$") }).FocusAsync();
        Assert.Equal("md", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await Shot(page, "conversion-certificates");
        await page.Context.CloseAsync();
    }
}
