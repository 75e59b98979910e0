using System;
using EcsAdmin.Contracts;
using EcsAdmin.Validation;
using Xunit;

namespace EcsAdmin.Tests.Placement
{
    /// <summary>The cluster query language parser: what it accepts (and how it groups), what it refuses and where.</summary>
    public sealed class ClusterQueryTests
    {
        [Theory]
        // The seed's expression and the forms ECS documents.
        [InlineData("attribute:ecs.instance-type =~ t3.*", "attribute:ecs.instance-type =~ t3.*")]
        [InlineData("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")]
        [InlineData("attribute:ecs.availability-zone not_in (us-east-1a,us-east-1b)", "attribute:ecs.availability-zone !in [us-east-1a, us-east-1b]")]
        [InlineData("task:group == service:production", "task:group == service:production")]
        [InlineData("not(attribute:ecs.instance-type =~ t2.*)", "not(attribute:ecs.instance-type =~ t2.*)")]
        [InlineData("!(attribute:stack == test)", "not(attribute:stack == test)")]
        [InlineData("attribute:stack exists", "attribute:stack exists")]
        [InlineData("attribute:stack !exists", "attribute:stack !exists")]
        [InlineData("attribute:stack==prod", "attribute:stack == prod")]
        [InlineData("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", "ec2InstanceId in [i-abcd1234, i-wxyx7890]")]
        [InlineData("runningTasksCount >= 2", "runningTasksCount >= 2")]
        [InlineData("registeredAt < 2024-06-18T22:28:28Z", "registeredAt < 2024-06-18T22:28:28Z")]
        [InlineData("agentConnected == false", "agentConnected == false")]
        [InlineData("agentVersion greater_than_equal 1.80.0", "agentVersion >= 1.80.0")]
        [InlineData("attribute:ecs.instance-type =~ (t3|m5).*", "attribute:ecs.instance-type =~ (t3|m5).*")]
        [InlineData("attribute:note == 'has blanks, and commas'", "attribute:note == has blanks, and commas")]
        public void Parses_single_conditions(string expression, string canonical)
            => Assert.Equal(canonical, ClusterQuery.Parse(expression).Canonical());

        [Theory]
        // and binds tighter than or; both associate to the left; parentheses and not group.
        [InlineData("attribute:a == 1 or attribute:b == 2 and attribute:c == 3", "(attribute:a == 1 or (attribute:b == 2 and attribute:c == 3))")]
        [InlineData("(attribute:a == 1 || attribute:b == 2) && attribute:c == 3", "((attribute:a == 1 or attribute:b == 2) and attribute:c == 3)")]
        [InlineData("attribute:a == 1 and attribute:b == 2 and attribute:c == 3", "((attribute:a == 1 and attribute:b == 2) and attribute:c == 3)")]
        [InlineData("task:group == service:web AND NOT (attribute:stack == test OR attribute:ecs.instance-type =~ t2.*)",
            "(task:group == service:web and not((attribute:stack == test or attribute:ecs.instance-type =~ t2.*)))")]
        [InlineData("not(attribute:ecs.instance-type =~ (t2|t3).micro) and attribute:ecs.os-type == linux",
            "(not(attribute:ecs.instance-type =~ (t2|t3).micro) and attribute:ecs.os-type == linux)")]
        public void Groups_and_or_not_and_parentheses(string expression, string canonical)
            => Assert.Equal(canonical, ClusterQuery.Parse(expression).Canonical());

        [Theory]
        // position (1-based) and a word of the problem
        [InlineData("attribute:ecs.instance-type t3.*", 29, "expected an operator")]
        [InlineData("attribute:stack == prod and", 28, "expected a condition")]
        [InlineData("attribute:stack == prod annd attribute:x == 1", 25, "expected 'and', 'or'")]
        [InlineData("(attribute:stack == prod", 25, "expected ')'")]
        [InlineData("attribute:stack == prod)", 24, "expected 'and', 'or'")]
        [InlineData("attribute:zone in [a, b", 24, "to close the list")]
        [InlineData("attribute:zone in a", 19, "expected a list")]
        [InlineData("instanceType == t3.micro", 1, "is not a subject")]
        [InlineData("TASK:GROUP == service:web", 1, "case-sensitive")]
        [InlineData("attribute: == x", 11, "is not an attribute name")]
        [InlineData("attribute:stack ==", 19, "expected a value")]
        [InlineData("runningTasksCount > many", 21, "number of tasks")]
        [InlineData("runningTasksCount exists", 19, "cannot be compared")]
        [InlineData("ec2InstanceId > i-1", 15, "cannot be compared")]
        [InlineData("registeredAt < yesterday", 16, "takes a date")]
        [InlineData("attribute:ecs.instance-type =~ t3.(", 32, "not a regular expression")]
        [InlineData("attribute:note == 'open", 19, "never closed")]
        [InlineData("", 1, "empty")]
        [InlineData("== prod", 1, "expected a condition")]
        public void Refuses_with_the_position_of_the_error(string expression, int position, string problem)
        {
            var ex = Assert.Throws<EcsAdminException>(() => ClusterQuery.Parse(expression));
            Assert.Equal("InvalidPlacementExpression", ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("at position " + position + ":", ex.Message);
            Assert.Contains(problem, ex.Message);
            Assert.Equal(expression, ex.Target);
            Assert.False(string.IsNullOrWhiteSpace(ex.RecommendedAction));
            // The message shows the expression with a caret under the position.
            var lines = ex.Message.Split(new[] { Environment.NewLine }, StringSplitOptions.None);
            Assert.Equal(3, lines.Length);
            Assert.Equal(position + 2, lines[2].IndexOf('^') + 1);
        }

        [Fact]
        public void Refuses_an_expression_longer_than_ECS_takes()
        {
            var ex = Assert.Throws<EcsAdminException>(() => ClusterQuery.Parse("attribute:a == " + new string('x', 2000)));
            Assert.Contains("at most 2000", ex.Message);
        }

        [Fact]
        public void Comparisons_keep_subject_operator_values_and_position()
        {
            var node = Assert.IsType<ClusterQueryBinary>(ClusterQuery.Parse("attribute:stack == prod and  task:group in [service:a, service:b]"));
            var right = Assert.IsType<ClusterQueryComparison>(node.Right);
            Assert.Equal("task:group", right.Subject);
            Assert.Equal("in", right.Operator);
            Assert.Equal(new[] { "service:a", "service:b" }, right.Values);
            Assert.Equal(30, right.Position);
        }
    }
}
