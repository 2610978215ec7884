using System.Runtime.CompilerServices;

// The adapter tests check wire formats and retry rules on internal helpers.
[assembly: InternalsVisibleTo("InsightGig.Infrastructure.Tests")]
