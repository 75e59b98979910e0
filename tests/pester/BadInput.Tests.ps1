# The bad-input matrix: every cmdlet, wrong input in each class, a typed ErrorRecord with a stable
# ErrorId and a recommended action, and no request sent for anything detectable locally. Parameter ranges and sets
# that PowerShell itself validates end in its own stable ParameterArgumentValidationError, also before any request.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment
    New-EcsCluster -Name matrix | Out-Null
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-matrix-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:Work
    '{ "family": "x", ' | Set-Content -LiteralPath (Join-Path $script:Work 'broken.json')
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Bad input yields a typed error and sends nothing' {
    It '<Cmdlet>: <Case> -> <ErrorId>' -ForEach @(
        @{ Cmdlet = 'New-EcsCluster'; Case = 'whitespace name'; ErrorId = 'InvalidClusterName'; Script = { New-EcsCluster -Name '   ' } }
        @{ Cmdlet = 'Get-EcsCluster'; Case = 'empty name'; ErrorId = 'InvalidClusterName'; Script = { Get-EcsCluster -Name '' } }
        @{ Cmdlet = 'Get-EcsCluster'; Case = 'endpoint not http'; ErrorId = 'InvalidEndpointUrl'; Script = { Get-EcsCluster -EndpointUrl 'ftp://x' } }
        @{ Cmdlet = 'Get-EcsCluster'; Case = 'credential of a wrong type'; ErrorId = 'UnusableCredential'; Script = { Get-EcsCluster -Credential 42 } }
        @{ Cmdlet = 'Get-EcsCluster'; Case = 'unknown profile'; ErrorId = 'ProfileNotFound'; Script = { Get-EcsCluster -ProfileName no-such-profile } }
        @{ Cmdlet = 'Set-EcsCluster'; Case = 'nothing to change'; ErrorId = 'NothingToChange'; Script = { Set-EcsCluster -Name matrix } }
        @{ Cmdlet = 'Set-EcsCluster'; Case = 'strategy with two bases'; ErrorId = 'InvalidCapacityProviderStrategy'; Script = { Set-EcsCluster -Name matrix -DefaultCapacityProviderStrategy 'FARGATE:1:1', 'FARGATE_SPOT:1:1' } }
        @{ Cmdlet = 'Remove-EcsCluster'; Case = 'whitespace name'; ErrorId = 'InvalidClusterName'; Script = { Remove-EcsCluster -Name ' ' -Force } }
        @{ Cmdlet = 'Connect-EcsSession'; Case = 'not a region'; ErrorId = 'InvalidRegion'; Script = { Connect-EcsSession -Region 'not a region' } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'invalid Fargate size'; ErrorId = 'InvalidFargateSize'; Script = { Register-EcsTaskDefinition -Family x -Image i -Cpu 1024 -Memory 1024 } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'malformed JSON file'; ErrorId = 'InvalidTaskDefinitionJson'; Script = { Register-EcsTaskDefinition -Path (Join-Path $script:Work 'broken.json') } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'unreadable path'; ErrorId = 'TaskDefinitionFileUnreadable'; Script = { Register-EcsTaskDefinition -Path (Join-Path $script:Work 'nothere.json') } }
        @{ Cmdlet = 'Get-EcsTaskDefinition'; Case = 'blank reference'; ErrorId = 'InvalidTaskDefinitionReference'; Script = { Get-EcsTaskDefinition -TaskDefinition ' ' } }
        @{ Cmdlet = 'Unregister-EcsTaskDefinition'; Case = 'family without revision'; ErrorId = 'TaskDefinitionRevisionRequired'; Script = { Unregister-EcsTaskDefinition web -Force } }
        @{ Cmdlet = 'New-EcsFargateService'; Case = 'no subnets'; ErrorId = 'SubnetRequired'; Script = { New-EcsFargateService -Cluster matrix -Name s -TaskDefinition web:1 } }
        @{ Cmdlet = 'New-EcsFargateService'; Case = 'whitespace name'; ErrorId = 'InvalidServiceName'; Script = { New-EcsFargateService -Cluster matrix -Name ' ' -TaskDefinition web:1 -Subnet subnet-1 -SecurityGroup sg-1 } }
        @{ Cmdlet = 'New-EcsFargateService'; Case = 'negative count'; ErrorId = 'ParameterArgumentValidationError'; Script = { New-EcsFargateService -Cluster matrix -Name s -TaskDefinition web:1 -DesiredCount -1 -Subnet subnet-1 -SecurityGroup sg-1 } }
        @{ Cmdlet = 'Get-EcsService'; Case = 'whitespace name'; ErrorId = 'InvalidServiceName'; Script = { Get-EcsService -Cluster matrix -Name ' ' } }
        @{ Cmdlet = 'Get-EcsServiceEvent'; Case = 'whitespace service'; ErrorId = 'InvalidServiceName'; Script = { Get-EcsServiceEvent -Cluster matrix -Service ' ' } }
        @{ Cmdlet = 'Get-EcsService'; Case = 'malformed cluster ARN'; ErrorId = 'InvalidClusterName'; Script = { Get-EcsService -Cluster 'arn:aws:ecs:bad' } }
        @{ Cmdlet = 'Update-EcsService'; Case = 'nothing to change'; ErrorId = 'NothingToChange'; Script = { Update-EcsService -Cluster matrix -Name s } }
        @{ Cmdlet = 'New-EcsService'; Case = 'placement expression syntax'; ErrorId = 'InvalidPlacementExpression'; Script = { New-EcsService -Cluster matrix -Name s -TaskDefinition web:1 -LaunchType EC2 -PlacementConstraint 'memberOf:attribute:stack = prod' } }
        @{ Cmdlet = 'New-EcsService'; Case = 'unknown strategy'; ErrorId = 'InvalidPlacementStrategy'; Script = { New-EcsService -Cluster matrix -Name s -TaskDefinition web:1 -LaunchType EC2 -PlacementStrategy 'pack:cpu' } }
        @{ Cmdlet = 'New-EcsService'; Case = 'launch type and strategy'; ErrorId = 'LaunchTypeAndStrategy'; Script = { New-EcsService -Cluster matrix -Name s -TaskDefinition web:1 -LaunchType EC2 -CapacityProviderStrategy 'asg:1' } }
        @{ Cmdlet = 'New-EcsService'; Case = 'launch type not in the set'; ErrorId = 'ParameterArgumentValidationError'; Script = { New-EcsService -Cluster matrix -Name s -TaskDefinition web:1 -LaunchType LAMBDA } }
        @{ Cmdlet = 'Start-EcsTask'; Case = 'placement on Fargate'; ErrorId = 'PlacementOnFargate'; Script = { Start-EcsTask -Cluster matrix -TaskDefinition web:1 -Subnet subnet-1 -SecurityGroup sg-1 -PlacementConstraint distinctInstance } }
        @{ Cmdlet = 'Update-EcsService'; Case = 'malformed placement JSON'; ErrorId = 'InvalidPlacementConstraint'; Script = { Update-EcsService -Cluster matrix -Name s -PlacementConstraint '[{"type": "memberOf",}]' } }
        @{ Cmdlet = 'Update-EcsService'; Case = 'negative count'; ErrorId = 'ParameterArgumentValidationError'; Script = { Update-EcsService -Cluster matrix -Name s -DesiredCount -5 } }
        @{ Cmdlet = 'Remove-EcsService'; Case = 'whitespace name'; ErrorId = 'InvalidServiceName'; Script = { Remove-EcsService -Cluster matrix -Name ' ' -Force } }
        @{ Cmdlet = 'Wait-EcsService'; Case = 'zero timeout'; ErrorId = 'ParameterArgumentValidationError'; Script = { Wait-EcsService -Cluster matrix -Name s -TimeoutSec 0 } }
        @{ Cmdlet = 'Get-EcsTask'; Case = 'unknown status'; ErrorId = 'ParameterArgumentValidationError'; Script = { Get-EcsTask -Cluster matrix -DesiredStatus WRONG } }
        @{ Cmdlet = 'Start-EcsTask'; Case = 'zero count'; ErrorId = 'ParameterArgumentValidationError'; Script = { Start-EcsTask -Cluster matrix -TaskDefinition web:1 -Count 0 -Subnet subnet-1 } }
        @{ Cmdlet = 'Stop-EcsTask'; Case = 'whitespace task'; ErrorId = 'InvalidTaskId'; Script = { Stop-EcsTask -Cluster matrix -Task ' ' } }
        @{ Cmdlet = 'Set-EcsScaling'; Case = 'min greater than max'; ErrorId = 'ScalingMinGreaterThanMax'; Script = { Set-EcsScaling -Cluster matrix -Service s -MinCapacity 5 -MaxCapacity 2 } }
        @{ Cmdlet = 'Set-EcsScaling'; Case = 'target over 100%'; ErrorId = 'InvalidTargetPercent'; Script = { Set-EcsScaling -Cluster matrix -Service s -MinCapacity 1 -MaxCapacity 2 -TargetCpuPercent 150 } }
        @{ Cmdlet = 'Set-EcsScaling'; Case = 'negative cooldown'; ErrorId = 'InvalidCooldown'; Script = { Set-EcsScaling -Cluster matrix -Service s -MinCapacity 1 -MaxCapacity 2 -TargetCpuPercent 50 -ScaleInCooldownSec -1 } }
        @{ Cmdlet = 'Set-EcsScaling'; Case = 'malformed cron'; ErrorId = 'InvalidScheduleExpression'; Script = { Set-EcsScaling -Cluster matrix -Service s -MinCapacity 1 -MaxCapacity 2 -ScheduledAction @{ Name = 'n'; Schedule = 'cron(bad)'; MinCapacity = 1; MaxCapacity = 2 } } }
        @{ Cmdlet = 'Get-EcsScaling'; Case = 'whitespace cluster'; ErrorId = 'InvalidClusterName'; Script = { Get-EcsScaling -Cluster ' ' -Service s } }
        @{ Cmdlet = 'Remove-EcsScaling'; Case = 'whitespace service'; ErrorId = 'InvalidServiceName'; Script = { Remove-EcsScaling -Cluster matrix -Service ' ' -Force } }
        @{ Cmdlet = 'Suspend-EcsScaling'; Case = 'whitespace service'; ErrorId = 'InvalidServiceName'; Script = { Suspend-EcsScaling -Cluster matrix -Service ' ' } }
        @{ Cmdlet = 'Resume-EcsScaling'; Case = 'whitespace service'; ErrorId = 'InvalidServiceName'; Script = { Resume-EcsScaling -Cluster matrix -Service ' ' } }
        @{ Cmdlet = 'Invoke-EcsExec'; Case = 'blank command'; ErrorId = 'ExecCommandEmpty'; Script = { Invoke-EcsExec -Cluster matrix -Task abc -Command ' ' } }
        @{ Cmdlet = 'Test-EcsExecReadiness'; Case = 'whitespace task'; ErrorId = 'InvalidTaskId'; Script = { Test-EcsExecReadiness -Cluster matrix -Task ' ' } }
        @{ Cmdlet = 'Start-EcsPortForward'; Case = 'whitespace task'; ErrorId = 'InvalidTaskId'; Script = { Start-EcsPortForward -Cluster matrix -Task ' ' -RemotePort 80 } }
        @{ Cmdlet = 'Start-EcsPortForward'; Case = 'local address not an IP'; ErrorId = 'InvalidLocalAddress'; Script = { Start-EcsPortForward -Cluster matrix -Task t1 -RemotePort 80 -LocalAddress 'localhost:1' } }
        @{ Cmdlet = 'Start-EcsPortForward'; Case = 'remote host with a path'; ErrorId = 'InvalidRemoteHost'; Script = { Start-EcsPortForward -Cluster matrix -Task t1 -RemotePort 80 -RemoteHost 'db/x y' } }
        @{ Cmdlet = 'Stop-EcsPortForward'; Case = 'no such forward'; ErrorId = 'PortForwardNotFound'; Script = { Stop-EcsPortForward -Id 987654 } }
        @{ Cmdlet = 'Copy-EcsFile'; Case = 'relative container path'; ErrorId = 'InvalidRemotePath'; Script = { Copy-EcsFile -Cluster matrix -Task t1 -Path $PSCommandPath -Destination 'tmp/x' } }
        @{ Cmdlet = 'Copy-EcsFile'; Case = 'missing local file'; ErrorId = 'LocalFileNotFound'; Script = { Copy-EcsFile -Cluster matrix -Task t1 -Path (Join-Path $script:Work 'nothere.bin') -Destination '/tmp/x' } }
        @{ Cmdlet = 'Get-EcsServiceHealth'; Case = 'zero throttle limit'; ErrorId = 'ParameterArgumentValidationError'; Script = { Get-EcsServiceHealth -Cluster matrix -ThrottleLimit 0 } }
        @{ Cmdlet = 'Get-EcsServiceMetric'; Case = 'period not a multiple of 60'; ErrorId = 'InvalidPeriod'; Script = { Get-EcsServiceMetric -Cluster matrix -Service s -PeriodSec 7 } }
        @{ Cmdlet = 'Get-EcsServiceMetric'; Case = 'unknown metric'; ErrorId = 'UnknownMetric'; Script = { Get-EcsServiceMetric -Cluster matrix -Service s -MetricName Cpux } }
        @{ Cmdlet = 'New-EcsServiceAlarm'; Case = 'threshold over 100%'; ErrorId = 'ParameterArgumentValidationError'; Script = { New-EcsServiceAlarm -Cluster matrix -Service s -Metric Cpu -Threshold 150 } }
        @{ Cmdlet = 'Get-EcsServiceAlarm'; Case = 'whitespace cluster'; ErrorId = 'InvalidClusterName'; Script = { Get-EcsServiceAlarm -Cluster ' ' } }
        @{ Cmdlet = 'Remove-EcsServiceAlarm'; Case = 'whitespace name'; ErrorId = 'InvalidAlarmName'; Script = { Remove-EcsServiceAlarm -Name ' ' -Force } }
        @{ Cmdlet = 'Get-EcsLog'; Case = 'since after until'; ErrorId = 'InvalidTimeRange'; Script = { Get-EcsLog -Cluster matrix -Service s -Since (Get-Date) -Until (Get-Date).AddHours(-1) } }
        # Targets that are what they say, inputs checked with AWS's documented limits.
        @{ Cmdlet = 'Remove-EcsCluster'; Case = 'wildcard'; ErrorId = 'WildcardNotAllowed'; Script = { Remove-EcsCluster 'b*' -Force } }
        @{ Cmdlet = 'Remove-EcsCluster'; Case = 'malformed name'; ErrorId = 'InvalidClusterName'; Script = { Remove-EcsCluster 'bad name!' -Force } }
        @{ Cmdlet = 'Remove-EcsCluster'; Case = 'hashtable piped for a name'; ErrorId = 'ObjectGivenForName'; Script = { @{ Cluster = 'matrix' } | Remove-EcsCluster -Force } }
        @{ Cmdlet = 'Remove-EcsCluster'; Case = 'service ARN for a cluster'; ErrorId = 'ArnResourceTypeMismatch'; Script = { Remove-EcsCluster 'arn:aws:ecs:us-east-1:123456789012:service/matrix/web' -Force } }
        @{ Cmdlet = 'Set-EcsCluster'; Case = 'wildcard'; ErrorId = 'WildcardNotAllowed'; Script = { Set-EcsCluster -Name 'mat*' -ContainerInsights enabled } }
        @{ Cmdlet = 'Remove-EcsService'; Case = 'wildcard'; ErrorId = 'WildcardNotAllowed'; Script = { Remove-EcsService -Cluster matrix -Name 'web?' -Force } }
        @{ Cmdlet = 'Remove-EcsService'; Case = 'wildcard cluster'; ErrorId = 'WildcardNotAllowed'; Script = { Remove-EcsService -Cluster 'm*' -Name web -Force } }
        @{ Cmdlet = 'Stop-EcsTask'; Case = 'wildcard'; ErrorId = 'WildcardNotAllowed'; Script = { Stop-EcsTask -Cluster matrix -Task '*' } }
        @{ Cmdlet = 'Stop-EcsTask'; Case = 'malformed id'; ErrorId = 'InvalidTaskId'; Script = { Stop-EcsTask -Cluster matrix -Task 'not/a task' } }
        @{ Cmdlet = 'Unregister-EcsTaskDefinition'; Case = 'wildcard'; ErrorId = 'WildcardNotAllowed'; Script = { Unregister-EcsTaskDefinition 'web:*' -Force } }
        @{ Cmdlet = 'Remove-EcsScaling'; Case = 'wildcard'; ErrorId = 'WildcardNotAllowed'; Script = { Remove-EcsScaling -Cluster matrix -Service 'w*' -Force } }
        @{ Cmdlet = 'Remove-EcsServiceAlarm'; Case = 'wildcard'; ErrorId = 'WildcardNotAllowed'; Script = { Remove-EcsServiceAlarm -Name 'ecsadmin-*' -Force } }
        @{ Cmdlet = 'Get-EcsService'; Case = 'another region''s cluster ARN'; ErrorId = 'ArnRegionMismatch'; Script = { Get-EcsService -Cluster 'arn:aws:ecs:eu-west-1:123456789012:cluster/matrix' } }
        @{ Cmdlet = 'Get-EcsServiceHealth'; Case = 'another region''s cluster ARN'; ErrorId = 'ArnRegionMismatch'; Script = { Get-EcsServiceHealth -Cluster 'arn:aws:ecs:eu-west-1:123456789012:cluster/matrix' } }
        @{ Cmdlet = 'Get-EcsLog'; Case = 'another region''s service ARN'; ErrorId = 'ArnRegionMismatch'; Script = { Get-EcsLog -Cluster matrix -Service 'arn:aws:ecs:eu-west-1:123456789012:service/matrix/web' } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'image with spaces'; ErrorId = 'InvalidImageReference'; Script = { Register-EcsTaskDefinition -Family x -Image 'nginx latest' } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'malformed image digest'; ErrorId = 'InvalidImageReference'; Script = { Register-EcsTaskDefinition -Family x -Image 'nginx@sha256:xyz' } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'container name with dots'; ErrorId = 'InvalidContainerName'; Script = { Register-EcsTaskDefinition -Family x -Image nginx -ContainerName 'web.app' } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'family with spaces'; ErrorId = 'InvalidTaskDefinitionFamily'; Script = { Register-EcsTaskDefinition -Family 'my app' -Image nginx } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'user ARN as task role'; ErrorId = 'InvalidRoleArn'; Script = { Register-EcsTaskDefinition -Family x -Image nginx -TaskRoleArn 'arn:aws:iam::123456789012:user/bob' } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'port out of range'; ErrorId = 'InvalidPort'; Script = { Register-EcsTaskDefinition -Family x -Image nginx -Port 70000 } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = '$null port'; ErrorId = 'InvalidPort'; Script = { Register-EcsTaskDefinition -Family x -Image nginx -Port 80, $null } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'container memory below 6 MiB'; ErrorId = 'InvalidContainerMemory'; Script = { Register-EcsTaskDefinition -InputObject @{ family = 'x'; containerDefinitions = @(@{ name = 'x'; image = 'nginx'; memory = 4 }) } } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = '$null container definition'; ErrorId = 'NullInList'; Script = { Register-EcsTaskDefinition -InputObject @{ family = 'x'; containerDefinitions = @($null) } } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'more than 50 tags'; ErrorId = 'TooManyTags'; Script = { $t = @{}; 1..51 | ForEach-Object { $t["k$_"] = 'v' }; Register-EcsTaskDefinition -Family x -Image nginx -Tag $t } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'reserved aws: tag prefix'; ErrorId = 'ReservedTagPrefix'; Script = { Register-EcsTaskDefinition -Family x -Image nginx -Tag @{ 'aws:owner' = 'me' } } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'tag key over 128 characters'; ErrorId = 'InvalidTagKey'; Script = { Register-EcsTaskDefinition -Family x -Image nginx -Tag @{ ('k' * 129) = 'v' } } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'tag value over 256 characters'; ErrorId = 'InvalidTagValue'; Script = { Register-EcsTaskDefinition -Family x -Image nginx -Tag @{ k = ('v' * 257) } } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = '-Path to a directory'; ErrorId = 'PathIsDirectory'; Script = { Register-EcsTaskDefinition -Path $script:Work } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = '-Path with a wildcard that matches no file'; ErrorId = 'TaskDefinitionFileUnreadable'; Script = { Register-EcsTaskDefinition -Path (Join-Path $script:Work 'none-*.json') } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'positional directory'; ErrorId = 'PathIsDirectory'; Script = { Register-EcsTaskDefinition $script:Work } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'positional .json that does not exist'; ErrorId = 'TaskDefinitionFileUnreadable'; Script = { Register-EcsTaskDefinition ./nothere.json } }
        @{ Cmdlet = 'Register-EcsTaskDefinition'; Case = 'piped directory'; ErrorId = 'PathIsDirectory'; Script = { Get-Item $script:Work | Register-EcsTaskDefinition } }
        @{ Cmdlet = 'Update-EcsService'; Case = '-Image neither text nor table'; ErrorId = 'InvalidImage'; Script = { Update-EcsService -Cluster matrix -Name web -Image 42 } }
        @{ Cmdlet = 'New-EcsCluster'; Case = 'reserved aws: tag prefix'; ErrorId = 'ReservedTagPrefix'; Script = { New-EcsCluster -Name tagged -Tag @{ 'aws:x' = 'y' } } }
    ) {
        $script:Proxy.Clear()
        $ErrorActionPreference = 'Continue'
        $errors = @(try { & $Script 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } } catch { $_ })
        $errors.Count | Should -BeGreaterThan 0 -Because "$Cmdlet must refuse: $Case"
        $first = $errors[0]
        ($first.FullyQualifiedErrorId -split ',')[0] | Should -Be $ErrorId
        $first.CategoryInfo.Category | Should -BeIn @('InvalidArgument', 'InvalidData', 'ObjectNotFound', 'ReadError', 'AuthenticationError')
        if ($ErrorId -ne 'ParameterArgumentValidationError') {
            $first.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        }
        $script:Proxy.Requests.Count | Should -Be 0 -Because 'a locally detectable mistake sends no request'
    }
}
