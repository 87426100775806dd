using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Views;

namespace Charta.Server.Tests;

/// <summary>
/// The latest cap-table document evolved by the rows a write changed (<see cref="CapTableView.Evolve"/>) is byte for
/// byte the document rendered from the start; when a write moves more than positions, it is rendered from the start.
/// </summary>
public sealed class CapTable_Document_Evolves
{
    private static readonly JsonSerializerOptions Web = ViewJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    private static readonly DateOnly Start = new(1996, 2, 6);

    private static (CapTable State, List<RecordedEvent> Events) Ledger()
    {
        var charter = CharterLoader.LoadEmbedded(CharterLoader.DefaultCharterId);
        var events = IllustrativeCompany.Events(charter, CharterLoader.EmbeddedText(charter.Id)).ToList();
        // 600 holders: more than two runs of rows (CapTableDocument.RowsPerRun), so a write changes one run of three.
        for (var i = 0; i < 600; i++)
        {
            events.Add(new StakeholderAdded(Start, $"Holder {i:D2}", "individual"));
            events.Add(new SharesIssued(Start, $"Holder {i:D2}", "common", 100 + i, 0.01m));
        }

        var recorded = events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
        return (Fold.Replay(recorded), recorded);
    }

    private static (CapTable, IReadOnlyList<RecordedEvent>) Decide(CapTable state, long next, params LedgerEvent[] events)
    {
        var d = FoldFrom.TryDecide(state, [.. events.Select((e, i) => new RecordedEvent(next + i, DateTimeOffset.UnixEpoch, e))], null);
        Assert.True(d.IsOk, d.Refusal?.ToString());
        return (d.Value.State, d.Value.Recorded);
    }

    private static void SameAsFromTheStart(CapTableDocument evolved, CapTable t)
    {
        var expected = JsonSerializer.Serialize(CapTableView.From(t), Web);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(evolved.Json));
        // Its gzip member (the runs' parts laid end to end) decompresses to the same bytes.
        using var gz = new MemoryStream();
        foreach (var p in evolved.GzipParts) gz.Write(p.Span);
        gz.Position = 0;
        using var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionMode.Decompress);
        using var back = new MemoryStream();
        z.CopyTo(back);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(back.ToArray()));
    }

    [Fact]
    public void Issues_transfers_grants_and_exercises_evolve_to_the_document_rendered_from_the_start()
    {
        var (t0, events) = Ledger();
        var next = (long)events.Count + 1;
        var doc = CapTableDocument.From(t0);
        SameAsFromTheStart(doc, t0);
        var d = new DateOnly(2000, 1, 1);
        // An excluded issue (no §6(d) adjustment), a transfer, a grant and its exercise: only positions move.
        var (t1, r1) = Decide(t0, next, new SharesIssued(d, "Holder 07", "common", 100, 0.25m, "cash", "employee-plan", "Board-approved plan"));
        var doc1 = doc.Next(t1, r1);
        SameAsFromTheStart(doc1, t1);
        Assert.NotNull(CapTableDocument.TouchedBy(t1, r1));
        var (t2, r2) = Decide(t1, next + 1, new SharesTransferred(d, "Holder 07", "Holder 08", "common", 50));
        var (t3, r3) = Decide(t2, next + 2, new InstrumentGranted(d, "G-900", "Holder 09", "option", "common", 1_000, 0.25m, null, 0m, "employee-plan", "Board-approved plan"));
        var (t4, r4) = Decide(t3, next + 3, new InstrumentExercised(d, "G-900", 400));
        // Through several states at once (the document was not asked for in between).
        SameAsFromTheStart(doc1.Next(t4, [.. r2, .. r3, .. r4]), t4);
    }

    [Fact]
    public void Rows_that_keep_their_places_are_evolved_in_place_and_rows_that_come_or_go_move_the_rest()
    {
        // Each step evolves the document of the step before (its row index carried on while the rows keep their
        // places): an issue to an existing holder (in place), a new holder's first shares (a row comes: the rows after
        // it move), a transfer of all of a holder's shares (a row goes), a grant to a holder with no row (comes), then
        // an issue again (in place, on the index of the document the moves made).
        var (t0, events) = Ledger();
        var next = (long)events.Count + 1;
        var d = new DateOnly(2000, 1, 1);
        var doc = CapTableDocument.From(t0);
        var t = t0;
        LedgerEvent[] steps =
        [
            new SharesIssued(d, "Holder 03", "common", 100, 0.25m, "cash", "employee-plan", "Board-approved plan"),
            new StakeholderAdded(d, "Newcomer", "individual"),
            new SharesIssued(d, "Newcomer", "common", 10, 0.25m, "cash", "employee-plan", "Board-approved plan"),
            new SharesTransferred(d, "Holder 04", "Holder 05", "common", 104),
            new StakeholderAdded(d, "Optionee", "individual"),
            new InstrumentGranted(d, "G-901", "Optionee", "option", "common", 1_000, 0.25m, null, 0m, "employee-plan", "Board-approved plan"),
            new SharesIssued(d, "Holder 40", "common", 7, 0.25m, "cash", "employee-plan", "Board-approved plan"),
            new SharesIssued(d, "Holder 550", "common", 9, 0.25m, "cash", "employee-plan", "Board-approved plan"),
        ];
        foreach (var e in steps)
        {
            var (after, recorded) = Decide(t, next++, e);
            doc = doc.Next(after, recorded);
            SameAsFromTheStart(doc, after);
            t = after;
        }

        // Holder 04 gave all 104 shares to Holder 05 (100 + 5 + 104 = 209); Newcomer and Optionee have rows.
        var view = doc.View;
        Assert.DoesNotContain(view.Holders, h => h.Name == "Holder 04");
        Assert.Equal(209, view.Holders.Single(h => h.Name == "Holder 05").Positions.Single().Shares);
        Assert.Equal(1_000, view.Holders.Single(h => h.Name == "Optionee").InstrumentsOutstanding);
    }

    [Fact]
    public void A_down_round_moves_the_conversion_prices_and_the_document_is_rendered_from_the_start()
    {
        // 1,000 common at $0.01, not excluded: a §6(d) adjustment of every series' conversion price, so every
        // preferred holder's as-converted figures move; the evolution declines and the document is rendered again.
        var (t0, events) = Ledger();
        var doc = CapTableDocument.From(t0);
        var (t1, r1) = Decide(t0, events.Count + 1, new SharesIssued(new DateOnly(2000, 1, 1), "Holder 01", "common", 1_000_000, 0.01m));
        Assert.Null(CapTableView.Evolve(doc.View, t1, CapTableDocument.TouchedBy(t1, r1)!));
        SameAsFromTheStart(doc.Next(t1, r1), t1);
    }
}

/// <summary>Another process writes the same ledger: the server's cached state is reloaded, and a write decided on a stale state is not appended.</summary>
public sealed class Server_Cached_State_And_Other_Writers(ServerFixture f) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> Json(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task A_write_by_another_process_is_seen_and_a_stale_expected_sequence_is_409()
    {
        using var c = f.Client("admin");
        var seq = (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>();
        // The CLI (another store on the same file) records 1,000 common for Alice.
        using (var store = SqliteEventStore.Open(f.LedgerPath, create: false))
            Assert.True(new CompanyLedger(store, TimeProvider.System).Append(
                new SharesIssued(new DateOnly(2001, 1, 1), ServerFixture.Alice, "common", 1_000, 0.5m, "cash", "employee-plan", "plan")).IsOk);
        var alice = await Json(await c.GetAsync("/api/holders/" + Uri.EscapeDataString(ServerFixture.Alice)));
        Assert.Equal(101_000, alice["positions"]![0]!["shares"]!.GetValue<long>());   // 100,000 + 1,000
        Assert.Equal(seq + 1, (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>());

        // A write on the sequence read before the other process wrote: 409, nothing appended.
        var stale = await c.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Bob, security = "common", shares = 1, price = 0.5m, date = "2001-01-02", expectedSequence = seq });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(seq + 1, (await Json(await c.GetAsync("/api/company")))["lastSequence"]!.GetValue<long>());

        // Without an expected sequence the server decides on the state it has: another external write first, then ours.
        using (var store = SqliteEventStore.Open(f.LedgerPath, create: false))
            Assert.True(new CompanyLedger(store, TimeProvider.System).Append(
                new SharesIssued(new DateOnly(2001, 1, 3), ServerFixture.Bob, "common", 10, 0.5m, "cash", "employee-plan", "plan")).IsOk);
        var ok = await c.PostAsJsonAsync("/api/events/issue", new { holder = ServerFixture.Bob, security = "common", shares = 5, price = 0.5m, date = "2001-01-04", exclusion = "employee-plan", approval = "plan" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(seq + 3, (await Json(ok))["lastSequence"]!.GetValue<long>());
        var bob = await Json(await c.GetAsync("/api/holders/" + Uri.EscapeDataString(ServerFixture.Bob)));
        Assert.Equal(200_015, bob["positions"]![0]!["shares"]!.GetValue<long>());   // 200,000 + 10 + 5

        // The served cap table is a fresh fold of the stored ledger.
        var served = await Json(await c.GetAsync("/api/captable"));
        using var s2 = SqliteEventStore.Open(f.LedgerPath, create: false);
        var fresh = JsonNode.Parse(JsonSerializer.Serialize(CapTableView.From(Fold.TryReplay(s2.ReadAll()).Value), ViewJson.Options))!;
        Assert.True(JsonNode.DeepEquals(fresh, served));
    }
}
