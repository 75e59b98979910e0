using System.Linq;
using EcsAdmin.Engine.Rules;
using Xunit;

namespace EcsAdmin.Tests.ServiceFiles
{
    public class PolicyEvaluatorTests
    {
        private const string Repo = "arn:aws:ecr:us-east-1:123456789012:repository/web";
        private const string Stream = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:log-stream:x";

        private static PolicyDecision Decide(string action, string resource, params string[] docs)
            => PolicyEvaluator.Evaluate(docs.SelectMany((d, i) => PolicyEvaluator.Parse(d, "p" + i)), action, resource).Decision;

        [Theory]
        [InlineData("ecr:BatchGetImage", "ecr:*", "*", "Allowed")]
        [InlineData("ecr:BatchGetImage", "ECR:batchget*", "*", "Allowed")]            // actions are case-insensitive
        [InlineData("ecr:BatchGetImage", "ecr:Get*", "*", "NotAllowed")]
        [InlineData("ecr:BatchGetImage", "ecr:BatchGetImag?", "*", "Allowed")]
        [InlineData("ecr:BatchGetImage", "*", "arn:aws:ecr:*:*:repository/web", "Allowed")]
        [InlineData("ecr:BatchGetImage", "*", "arn:aws:ecr:*:*:repository/WEB", "NotAllowed")] // resources are case-sensitive
        [InlineData("ecr:BatchGetImage", "*", "arn:aws:ecr:*:*:repository/api", "NotAllowed")]
        public void Matches_actions_and_resources_with_wildcards(string action, string pattern, string resource, string expected)
        {
            var doc = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"" + pattern + "\",\"Resource\":\"" + resource + "\"}}";
            Assert.Equal(expected, Decide(action, Repo, doc).ToString());
        }

        [Fact]
        public void An_explicit_deny_in_another_policy_wins_over_an_allow()
        {
            var allow = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
            var deny = "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"logs:PutLogEvents\"],\"Resource\":\"arn:aws:logs:*\"}]}";
            Assert.Equal(PolicyDecision.ExplicitlyDenied, Decide("logs:PutLogEvents", Stream, allow, deny));
            Assert.Equal(PolicyDecision.Allowed, Decide("logs:CreateLogStream", Stream, allow, deny));
        }

        [Fact]
        public void NotAction_and_NotResource_invert_the_match()
        {
            var notAction = "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}";
            Assert.Equal(PolicyDecision.Allowed, Decide("ecr:BatchGetImage", Repo, notAction));
            Assert.Equal(PolicyDecision.NotAllowed, Decide("iam:PassRole", Repo, notAction));
            var notResource = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\",\"NotResource\":\"" + Repo + "\"}]}";
            Assert.Equal(PolicyDecision.NotAllowed, Decide("ecr:BatchGetImage", Repo, notResource));
        }

        [Fact]
        public void Conditions_make_the_verdict_undecidable_instead_of_a_guess()
        {
            var conditionalAllow = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1\"}}}]}";
            Assert.Equal(PolicyDecision.Undecidable, Decide("logs:PutLogEvents", Stream, conditionalAllow));
            var allow = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}]}";
            var conditionalDeny = "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"logs:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
            Assert.Equal(PolicyDecision.Undecidable, Decide("logs:PutLogEvents", Stream, allow, conditionalDeny));
            Assert.Equal(PolicyDecision.Allowed, Decide("logs:PutLogEvents", Stream, allow));
        }

        [Fact]
        public void No_statement_is_an_implicit_deny()
        {
            Assert.Equal(PolicyDecision.NotAllowed, Decide("ssm:GetParameters", "arn:aws:ssm:us-east-1:1:parameter/x"));
            Assert.Equal(PolicyDecision.NotAllowed, Decide("ssm:GetParameters", "arn:aws:ssm:us-east-1:1:parameter/x", "{\"Version\":\"2012-10-17\"}"));
        }

        [Theory]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}", "Allowed")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"ec2.amazonaws.com\",\"ecs-tasks.amazonaws.com\"]},\"Action\":[\"sts:AssumeRole\"]}]}", "Allowed")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}", "NotAllowed")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:ecs:*\"}}}]}", "Undecidable")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:TagSession\"}]}", "NotAllowed")]
        public void Trust_policy_must_let_ecs_tasks_assume_the_role(string trust, string expected)
            => Assert.Equal(expected, PolicyEvaluator.Trusts(PolicyEvaluator.Parse(trust, "trust"), "ecs-tasks.amazonaws.com").Decision.ToString());

        [Fact]
        public void A_malformed_document_is_a_format_error_naming_the_policy()
        {
            var ex = Assert.Throws<System.FormatException>(() => PolicyEvaluator.Parse("{not json", "inline policy x"));
            Assert.Contains("inline policy x", ex.Message);
        }
    }
}
