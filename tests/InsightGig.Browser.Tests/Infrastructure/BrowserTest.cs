using Microsoft.Playwright;

namespace InsightGig.Browser.Tests.Infrastructure;

/// <summary>
/// A test with a fresh browser context (no cookies, no storage) and one page on the class's app. Any JavaScript dialog
/// (alert, confirm, prompt) or uncaught page error is recorded and fails the test: the app never uses them, so one firing
/// means injected or broken script.
/// </summary>
public abstract class BrowserTest(ChromiumFixture chromium, LiveAppFixture app) : IAsyncLifetime
{
    private readonly List<string> _problems = [];
    private readonly List<IBrowserContext> _contexts = [];
    private IPage? _page;

    protected LiveAppFixture App { get; } = app;

    protected IPage Page => _page ?? throw new InvalidOperationException("The page has not been created.");

    public async ValueTask InitializeAsync()
    {
        _page = await NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A page in a new, isolated browser context (another person's browser).</summary>
    protected async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) =>
        {
            lock (_problems)
            {
                _problems.Add($"A JavaScript {dialog.Type} fired: \"{dialog.Message}\"");
            }

            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) =>
        {
            lock (_problems)
            {
                _problems.Add("Uncaught page error: " + error);
            }
        };
        return page;
    }

    /// <summary>Fails when any alert fired or any script failed.</summary>
    protected void AssertNoScriptProblems()
    {
        lock (_problems)
        {
            Assert.True(_problems.Count == 0, string.Join(Environment.NewLine, _problems));
        }
    }

    /// <summary>
    /// Saves a screenshot under the test output folder's <c>screenshots/</c> (not committed) and answers its path. A modal
    /// dialog's backdrop only covers the viewport, so pages with an open dialog are taken as the viewport shows them.
    /// </summary>
    protected static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }
}
