using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace InsightGig.Browser.Tests.Infrastructure;

/// <summary>axe-core (Deque) on the page as it is now.</summary>
public static class Axe
{
    /// <summary>The impacts the older pages are held to; new pages are held to every impact (<c>null</c>).</summary>
    public static readonly string[] SeriousOrCritical = ["serious", "critical"];

    /// <summary>
    /// Runs axe and fails on any violation of the given impacts (all of them when <paramref name="impacts"/> is null).
    /// Every finding goes to the test output, so the ones that do not fail the test are still seen.
    /// </summary>
    public static async Task AssertNoViolationsAsync(IPage page, string what, IReadOnlyCollection<string>? impacts = null)
    {
        var result = await page.RunAxe();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{what}: {result.Passes.Length} rules passed, {result.Violations.Length} violated{Environment.NewLine}{Describe(result.Violations)}");
        var blocking = result.Violations.Where(v => impacts is null || impacts.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, $"{what}: {blocking.Count} axe violation(s):{Environment.NewLine}" + Describe(blocking));
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join(Environment.NewLine, violations.Select(v =>
            $"- [{v.Impact}] {v.Id}: {v.Help} ({v.HelpUrl}){Environment.NewLine}" +
            string.Join(Environment.NewLine, v.Nodes.Select(n => $"    {n.Target}: {n.Html}{Environment.NewLine}      " +
                string.Join(" / ", n.Any.Concat(n.All).Concat(n.None).Select(check => check.Message))))));
}
