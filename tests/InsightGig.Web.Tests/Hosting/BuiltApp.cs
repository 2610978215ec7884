namespace InsightGig.Web.Tests.Hosting;

/// <summary>The app as built (src/InsightGig.Web/bin), beside its runtime configuration: the test's output holds only its assembly.</summary>
internal static class BuiltApp
{
    public static string AssemblyPath()
    {
        var testOutput = AppContext.BaseDirectory;
        var configuration = testOutput.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var root = new DirectoryInfo(testOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "InsightGig.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var app = Path.Combine(root.FullName, "src", "InsightGig.Web", "bin", configuration, "net10.0", "InsightGig.Web.dll");
        Assert.True(File.Exists(app), $"Build the app first: {app} is missing.");
        return app;
    }
}
