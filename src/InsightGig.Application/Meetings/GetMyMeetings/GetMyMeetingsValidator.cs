using FluentValidation;

namespace InsightGig.Application.Meetings.GetMyMeetings;

internal sealed class GetMyMeetingsValidator : AbstractValidator<GetMyMeetingsQuery>
{
    public GetMyMeetingsValidator()
    {
        RuleFor(q => q.Tab).IsInEnum().WithMessage("Choose Upcoming, Past or Cancelled.");
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("Pages are numbered from 1.");
        RuleFor(q => q.Search)
            .MaximumLength(GetMyMeetingsQuery.SearchMaxLength)
            .WithMessage($"Search for at most {GetMyMeetingsQuery.SearchMaxLength} characters: part of a title, a name or an email.");
    }
}
