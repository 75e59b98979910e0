# Progressive deployments through the built module. The request side (CreateService/UpdateService with
# the deployment configuration) goes to moto_server and is asserted on the recording proxy, since moto drops the
# strategy fields. moto has no service deployments API: the proxy answers ListServiceDeployments,
# DescribeServiceDeployments, DescribeServiceRevisions, StopServiceDeployment and ContinueServiceDeployment with
# scripted replies shaped as the ECS API reference documents them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend -MotoSetting @{ MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    $script:Account = '123456789012'
    $script:SvcArn = "arn:aws:ecs:us-east-1:$($script:Account):service/dep/web"
    $script:ClusterArn = "arn:aws:ecs:us-east-1:$($script:Account):cluster/dep"
    $script:DepArn = "arn:aws:ecs:us-east-1:$($script:Account):service-deployment/dep/web/Kp7bOtLrbYd3X5uGZl3kQ"
    $script:OldRev = "arn:aws:ecs:us-east-1:$($script:Account):service-revision/dep/web/4980306466373577095"
    $script:NewRev = "arn:aws:ecs:us-east-1:$($script:Account):service-revision/dep/web/4980306466373577096"
    $script:Tg = "arn:aws:elasticloadbalancing:us-east-1:$($script:Account):targetgroup/web-blue/1111111111111111"
    $script:Tg2 = "arn:aws:elasticloadbalancing:us-east-1:$($script:Account):targetgroup/web-green/2222222222222222"
    $script:Rule = "arn:aws:elasticloadbalancing:us-east-1:$($script:Account):listener-rule/app/web/3333/4444/5555"
    $script:TestRule = "arn:aws:elasticloadbalancing:us-east-1:$($script:Account):listener-rule/app/web/3333/6666/7777"
    $script:Role = "arn:aws:iam::$($script:Account):role/ecsInfrastructureRoleForLoadBalancers"
    $script:Epoch = 1767268800  # 2026-01-01T12:00:00Z, as AWS JSON carries timestamps (epoch seconds)

    function Invoke-Ec2 {
        param([hashtable] $Body)
        $Body.Version = '2016-11-15'
        $headers = @{ Authorization = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00' }
        [xml] $xml = (Invoke-WebRequest -Method Post -Uri $script:Moto.Url -Body $Body -Headers $headers -ContentType 'application/x-www-form-urlencoded').Content
        $xml
    }

    function New-Fixture {
        $vpc = (Invoke-Ec2 @{ Action = 'CreateVpc'; CidrBlock = '10.0.0.0/16' }).CreateVpcResponse.vpc.vpcId
        $subnet = (Invoke-Ec2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = '10.0.1.0/24' }).CreateSubnetResponse.subnet.subnetId
        $sg = (Invoke-Ec2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = 'web'; GroupDescription = 'web' }).CreateSecurityGroupResponse.groupId
        New-EcsCluster -Name dep | Out-Null
        $td = @{
            family = 'web'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @(@{ name = 'web'; image = 'nginx:1.27'; essential = $true; memory = 512; portMappings = @(@{ containerPort = 80; name = 'http' }) })
        } | Register-EcsTaskDefinition
        [pscustomobject]@{ Subnet = $subnet; SecurityGroup = $sg; TaskDefinition = $td }
    }

    function New-BlueGreenService {
        param($Fx)
        New-EcsFargateService -Cluster dep -Name web -TaskDefinition web -DesiredCount 2 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup `
            -LoadBalancer @{ TargetGroupArn = $script:Tg; ContainerName = 'web'; ContainerPort = 80 } `
            -Strategy BlueGreen -BakeTimeMinutes 15 -AlternateTargetGroupArn $script:Tg2 -ProductionListenerRule $script:Rule `
            -TestListenerRule $script:TestRule -LoadBalancerRoleArn $script:Role `
            -PauseAt POST_TEST_TRAFFIC_SHIFT -PauseTimeoutMinutes 60 -PauseTimeoutAction Rollback -DeploymentAlarm web-5xx
    }

    # A ServiceDeployment as DescribeServiceDeployments returns it.
    function New-ServiceDeployment {
        param(
            [string] $Status, [string] $Stage, [double] $Production = 0, [double] $Test = 0,
            [string] $Hook, [string[]] $Triggered = @(), [string] $RollbackReason, [string] $CircuitBreaker = 'MONITORING', [int] $Failures = 0
        )
        $d = [ordered]@{
            serviceDeploymentArn = $script:DepArn; serviceArn = $script:SvcArn; clusterArn = $script:ClusterArn
            createdAt = $script:Epoch; startedAt = $script:Epoch; updatedAt = $script:Epoch + 60
            sourceServiceRevisions = @(@{ arn = $script:OldRev; requestedTaskCount = 2; runningTaskCount = 2; pendingTaskCount = 0; requestedProductionTrafficWeight = 100 - $Production; requestedTestTrafficWeight = 100 - $Test })
            targetServiceRevision = @{ arn = $script:NewRev; requestedTaskCount = 2; runningTaskCount = 2; pendingTaskCount = 0; requestedProductionTrafficWeight = $Production; requestedTestTrafficWeight = $Test }
            status = $Status
            lifecycleStage = $Stage
            deploymentConfiguration = @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 15; deploymentCircuitBreaker = @{ enable = $true; rollback = $true }; maximumPercent = 200; minimumHealthyPercent = 100
                lifecycleHooks = @(@{ targetType = 'PAUSE'; lifecycleStages = @('POST_TEST_TRAFFIC_SHIFT'); timeoutConfiguration = @{ timeoutInMinutes = 60; action = 'ROLLBACK' } }) }
            deploymentCircuitBreaker = @{ status = $CircuitBreaker; failureCount = $Failures; threshold = 3 }
            alarms = @{ status = $(if ($Triggered.Count) { 'TRIGGERED' } else { 'MONITORING' }); alarmNames = @('web-5xx'); triggeredAlarmNames = @($Triggered) }
        }
        if ($Hook) { $d.lifecycleHookDetails = @(@{ hookId = 'hook-3f2a9c'; targetType = 'PAUSE'; status = $Hook; expiresAt = $script:Epoch + 3600; timeoutAction = 'ROLLBACK' }) }
        if ($RollbackReason) { $d.rollback = @{ reason = $RollbackReason; startedAt = $script:Epoch + 300; serviceRevisionArn = $script:OldRev } }
        $d
    }

    function Add-DeploymentStates {
        param([object[]] $States)
        for ($i = 0; $i -lt $States.Count; $i++) {
            $body = @{ serviceDeployments = @($States[$i]); failures = @() } | ConvertTo-Json -Depth 12 -Compress
            $script:Proxy.AddReply('DescribeServiceDeployments', $body, $(if ($i -eq $States.Count - 1) { -1 } else { 1 }))
        }
    }

    function Add-DeploymentListing {
        param([object[]] $Items = @(@{ arn = $script:DepArn; status = 'IN_PROGRESS'; rev = $script:NewRev }))
        $briefs = @($Items | ForEach-Object -Begin { $n = 0 } -Process {
            @{ serviceDeploymentArn = $_.arn; serviceArn = $script:SvcArn; clusterArn = $script:ClusterArn; status = $_.status; targetServiceRevisionArn = $_.rev
               createdAt = $script:Epoch - 86400 * $n; startedAt = $script:Epoch - 86400 * $n }
            $n++ })
        $script:Proxy.AddReply('ListServiceDeployments', (@{ serviceDeployments = $briefs } | ConvertTo-Json -Depth 6 -Compress), -1)
    }

    function Add-ActionReplies {
        $script:Proxy.AddReply('ContinueServiceDeployment', (@{ serviceDeploymentArn = $script:DepArn } | ConvertTo-Json -Compress), -1)
        $script:Proxy.AddReply('StopServiceDeployment', (@{ serviceDeploymentArn = $script:DepArn } | ConvertTo-Json -Compress), -1)
    }

    # moto's DescribeServices reply with currentServiceDeployment added, as AWS names it where the deployments API exists.
    function Add-CurrentDeploymentReply {
        $headers = @{ 'X-Amz-Target' = 'AmazonEC2ContainerServiceV20141113.DescribeServices'
                      Authorization = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00' }
        $content = (Invoke-WebRequest -Method Post -Uri $script:Moto.Url -Headers $headers -ContentType 'application/x-amz-json-1.1' `
            -Body (@{ cluster = 'dep'; services = @('web') } | ConvertTo-Json)).Content
        if ($content -is [byte[]]) { $content = [System.Text.Encoding]::UTF8.GetString($content) }
        $reply = $content | ConvertFrom-Json
        $reply.services[0] | Add-Member -NotePropertyName currentServiceDeployment -NotePropertyValue $script:DepArn -Force
        $script:Proxy.AddReply('DescribeServices', ($reply | ConvertTo-Json -Depth 20 -Compress), -1)
    }

    function Get-Sent { param([string] $Operation) @(Get-RecordedRequest -Proxy $script:Proxy -Operation $Operation | ForEach-Object { $_.Body | ConvertFrom-Json }) }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Deployment strategies on the request side' {
    BeforeEach {
        Reset-MotoServer -Server $script:Moto
        $script:Fx = New-Fixture
        $script:Proxy.Clear(); $script:Proxy.ClearFaults()
    }

    It 'New-EcsFargateService -Strategy BlueGreen sends strategy, bake time, pause hook, alarms and the load balancer advanced configuration' {
        $svc = New-BlueGreenService $Fx
        $svc.Service | Should -Be 'web'
        $req = (Get-Sent CreateService)[0]
        $req.deploymentConfiguration.strategy | Should -Be 'BLUE_GREEN'
        $req.deploymentConfiguration.bakeTimeInMinutes | Should -Be 15
        $req.deploymentConfiguration.deploymentCircuitBreaker.rollback | Should -BeTrue
        $hook = $req.deploymentConfiguration.lifecycleHooks[0]
        $hook.targetType | Should -Be 'PAUSE'
        $hook.lifecycleStages | Should -Be @('POST_TEST_TRAFFIC_SHIFT')
        $hook.timeoutConfiguration.timeoutInMinutes | Should -Be 60
        $hook.timeoutConfiguration.action | Should -Be 'ROLLBACK'
        $req.deploymentConfiguration.alarms.alarmNames | Should -Be @('web-5xx')
        $req.deploymentConfiguration.alarms.enable | Should -BeTrue
        $req.deploymentConfiguration.alarms.rollback | Should -BeTrue
        $adv = $req.loadBalancers[0].advancedConfiguration
        $adv.alternateTargetGroupArn | Should -Be $script:Tg2
        $adv.productionListenerRule | Should -Be $script:Rule
        $adv.testListenerRule | Should -Be $script:TestRule
        $adv.roleArn | Should -Be $script:Role
    }

    It 'Update-EcsService -Strategy Canary sends the canary configuration' {
        New-BlueGreenService $Fx | Out-Null
        $script:Proxy.Clear()
        Update-EcsService -Cluster dep -Name web -Strategy Canary -CanaryPercent 10 -CanaryBakeMinutes 5 -BakeTimeMinutes 10 `
            -AlternateTargetGroupArn $script:Tg2 -ProductionListenerRule $script:Rule -LoadBalancerRoleArn $script:Role -Confirm:$false | Out-Null
        $req = (Get-Sent UpdateService)[0]
        $req.deploymentConfiguration.strategy | Should -Be 'CANARY'
        $req.deploymentConfiguration.canaryConfiguration.canaryPercent | Should -Be 10
        $req.deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes | Should -Be 5
        $req.deploymentConfiguration.bakeTimeInMinutes | Should -Be 10
        $req.deploymentConfiguration.PSObject.Properties.Name | Should -Not -Contain 'linearConfiguration'
        $req.loadBalancers[0].targetGroupArn | Should -Be $script:Tg
        $req.loadBalancers[0].advancedConfiguration.alternateTargetGroupArn | Should -Be $script:Tg2
    }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'a pause on the production traffic shift'; Id = 'PauseOnTrafficShift'; Extra = @{ Strategy = 'BlueGreen'; BakeTimeMinutes = 5; PauseAt = 'PRODUCTION_TRAFFIC_SHIFT' } }
        @{ Case = 'a bake time over a day'; Id = 'InvalidBakeTime'; Extra = @{ Strategy = 'BlueGreen'; BakeTimeMinutes = 1500 } }
        @{ Case = 'linear settings on a canary'; Id = 'LinearSettingsNeedLinear'; Extra = @{ Strategy = 'Canary'; LinearStepPercent = 10 } }
        @{ Case = 'blue/green without load balancer or Service Connect'; Id = 'TrafficPathRequired'; Extra = @{ Strategy = 'BlueGreen'; BakeTimeMinutes = 5 } }
    ) {
        $err = $null
        New-EcsFargateService -Cluster dep -Name web -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup @Extra -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -Match "^$Id,"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating).Count | Should -Be 0
    }

    It 'Wait-EcsService falls back to DescribeServices against moto and says so in -Verbose' {
        New-EcsFargateService -Cluster dep -Name web -TaskDefinition web -DesiredCount 2 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null
        $r = Wait-EcsService -Cluster dep -Name web -TimeoutSec 60 -Verbose 4>&1
        $verbose = @($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $result = $r | Where-Object { $_ -is [EcsAdmin.Models.EcsDeploymentResult] }
        $result.Outcome | Should -Be 'Succeeded'
        $result.ServiceDeploymentArn | Should -BeNullOrEmpty
        $verbose | Where-Object { $_ -match 'through DescribeServices' -and $_ -match 'deployments API' } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Following and acting on service deployments (scripted deployments API)' {
    BeforeEach {
        Reset-MotoServer -Server $script:Moto
        $script:Fx = New-Fixture
        New-BlueGreenService $script:Fx | Out-Null
        $script:Proxy.Clear(); $script:Proxy.ClearFaults()
        Add-ActionReplies
        Add-CurrentDeploymentReply
    }

    It 'blue/green success: every stage seen reaches the progress record and the result' {
        Add-DeploymentListing
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage SCALE_UP),
            (New-ServiceDeployment -Status IN_PROGRESS -Stage BAKE_TIME -Production 100 -Test 100),
            (New-ServiceDeployment -Status SUCCESSFUL -Stage CLEAN_UP -Production 100 -Test 100 -CircuitBreaker MONITORING_COMPLETE))
        # A separate runspace, so the progress records can be read back.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-EcsAdminModulePath)'; Wait-EcsService -Cluster dep -Name web -TimeoutSec 120")
            $out = $ps.Invoke()
            $result = $out | Select-Object -Last 1
            $progress = @($ps.Streams.Progress)
        } finally { $ps.Dispose() }
        $result.Outcome | Should -Be 'Succeeded'
        $result.ServiceDeploymentArn | Should -Be $script:DepArn
        $result.Strategy | Should -Be 'BLUE_GREEN'
        $result.StagesSeen | Should -Be @('SCALE_UP', 'BAKE_TIME', 'CLEAN_UP')
        foreach ($stage in 'SCALE_UP', 'BAKE_TIME', 'CLEAN_UP') {
            @($progress | Where-Object { $_.StatusDescription -like "$stage,*" }).Count | Should -BeGreaterThan 0 -Because "stage $stage must reach a progress record"
        }
        ($progress | Where-Object StatusDescription -like 'BAKE_TIME,*')[0].StatusDescription | Should -Match 'production traffic 100% to new'
        $done = $progress | Where-Object RecordType -eq 'Completed'
        @($done).Count | Should -Be 1
        $done.StatusDescription | Should -Match '^Outcome: Succeeded'
        (Get-Sent DescribeServiceDeployments)[0].serviceDeploymentArns | Should -Be @($script:DepArn)
        $script:Proxy.Count('ListServiceDeployments') | Should -Be 0 -Because 'the service names its current deployment'
    }

    It 'rollback by alarm is RolledBack with the alarm, and an error, never Succeeded' {
        Add-DeploymentListing
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage BAKE_TIME -Production 100),
            (New-ServiceDeployment -Status ROLLBACK_SUCCESSFUL -Stage CLEAN_UP -Triggered web-5xx -RollbackReason 'Alarm web-5xx is in ALARM.'))
        $err = $null
        $r = Wait-EcsService -Cluster dep -Name web -TimeoutSec 120 -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'RolledBack'
        $r.Outcome | Should -Not -Be 'Succeeded'
        $r.TriggeredAlarms | Should -Be @('web-5xx')
        $r.RolledBackTo | Should -Be $script:OldRev
        $err[0].FullyQualifiedErrorId | Should -Match '^DeploymentRolledBack,'
    }

    It 'pause then continue: Wait -Until Paused, Approve sends CONTINUE for the paused hook, and the deployment succeeds' {
        Add-DeploymentListing
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage TEST_TRAFFIC_SHIFT -Test 50),
            (New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION))
        $paused = Wait-EcsService -Cluster dep -Name web -Until Paused -TimeoutSec 120
        $paused.Outcome | Should -Be 'Paused'
        $paused.PausedHookId | Should -Be 'hook-3f2a9c'
        $paused.PauseExpiresAt | Should -Be ([DateTime]::new(2026, 1, 1, 13, 0, 0, [DateTimeKind]::Utc))
        $script:Proxy.ClearFaults(); Add-ActionReplies; Add-CurrentDeploymentReply
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION),
            (New-ServiceDeployment -Status SUCCESSFUL -Stage CLEAN_UP -Production 100 -Hook SUCCEEDED))
        $r = $paused | Approve-EcsServiceDeployment -Wait -Confirm:$false
        $sent = Get-Sent ContinueServiceDeployment
        $sent.Count | Should -Be 1
        $sent[0].serviceDeploymentArn | Should -Be $script:DepArn
        $sent[0].hookId | Should -Be 'hook-3f2a9c'
        $sent[0].action | Should -Be 'CONTINUE'
        $r.Outcome | Should -Be 'Succeeded'
    }

    It 'pause then reject: Deny sends ROLLBACK and reports RolledBack without an error' {
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION),
            (New-ServiceDeployment -Status ROLLBACK_SUCCESSFUL -Stage CLEAN_UP -Hook FAILED -RollbackReason 'Rolled back at the lifecycle hook.'))
        $err = $null
        $r = Deny-EcsServiceDeployment -ServiceDeploymentArn $script:DepArn -Wait -Confirm:$false -ErrorVariable err
        (Get-Sent ContinueServiceDeployment)[0].action | Should -Be 'ROLLBACK'
        $r.Outcome | Should -Be 'RolledBack'
        $err | Should -BeNullOrEmpty
    }

    It 'pause expiry: the timed-out pause rolls back, reported as RolledBack with PauseExpired' {
        Add-DeploymentListing
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION),
            (New-ServiceDeployment -Status ROLLBACK_SUCCESSFUL -Stage CLEAN_UP -Hook TIMED_OUT -RollbackReason 'Lifecycle hook timed out.'))
        $err = $null; $warn = $null
        $r = Wait-EcsService -Cluster dep -Name web -TimeoutSec 120 -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn -WarningAction SilentlyContinue
        $r.Outcome | Should -Be 'RolledBack'
        $r.PauseExpired | Should -BeTrue
        $warn | Where-Object { "$_" -match 'expired' } | Should -Not -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Match '^DeploymentRolledBack,'
    }

    It 'abort: Stop-EcsServiceDeployment -Abort sends ABORT for the deployment in progress; -WhatIf sends nothing' {
        Add-DeploymentListing
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage PRODUCTION_TRAFFIC_SHIFT -Production 40),
            (New-ServiceDeployment -Status STOPPED -Stage PRODUCTION_TRAFFIC_SHIFT -Production 40))
        Stop-EcsServiceDeployment -Cluster dep -Name web -Abort -WhatIf
        $script:Proxy.Count('StopServiceDeployment') | Should -Be 0
        $r = Stop-EcsServiceDeployment -Cluster dep -Name web -Abort -Force -Wait
        $sent = Get-Sent StopServiceDeployment
        $sent.Count | Should -Be 1
        $sent[0].stopType | Should -Be 'ABORT'
        $sent[0].serviceDeploymentArn | Should -Be $script:DepArn
        $r.Outcome | Should -Be 'Aborted'
    }

    It 'Undo-EcsService with nothing in flight redeploys the previous good revision (UpdateService to moto)' {
        $script:Proxy.ClearFaults(); Add-ActionReplies
        Add-DeploymentListing @(
            @{ arn = $script:DepArn; status = 'SUCCESSFUL'; rev = $script:NewRev },
            @{ arn = "$($script:DepArn)-older"; status = 'SUCCESSFUL'; rev = $script:OldRev })
        $v2 = @{
            family = 'web'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @(@{ name = 'web'; image = 'nginx:1.28'; essential = $true; memory = 512; portMappings = @(@{ containerPort = 80; name = 'http' }) })
        } | Register-EcsTaskDefinition
        Update-EcsService -Cluster dep -Name web -TaskDefinition $v2.TaskDefinitionArn -Confirm:$false | Out-Null
        (Get-EcsService -Cluster dep web).TaskDefinition | Should -Be $v2.TaskDefinitionArn
        $revision = @{ serviceRevisions = @(@{ serviceRevisionArn = $script:OldRev; serviceArn = $script:SvcArn; clusterArn = $script:ClusterArn
            taskDefinition = $Fx.TaskDefinition.TaskDefinitionArn; launchType = 'FARGATE'; createdAt = $script:Epoch
            containerImages = @(@{ containerName = 'web'; image = 'nginx:1.27'; imageDigest = 'sha256:0b1c' }) }); failures = @() } | ConvertTo-Json -Depth 8 -Compress
        $script:Proxy.AddReply('DescribeServiceRevisions', $revision, -1)
        $script:Proxy.Clear()

        Undo-EcsService -Cluster dep -Name web -WhatIf
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating).Count | Should -Be 0
        $svc = Undo-EcsService -Cluster dep -Name web -Force
        (Get-Sent DescribeServiceRevisions)[0].serviceRevisionArns | Should -Be @($script:OldRev)
        (Get-Sent UpdateService)[-1].taskDefinition | Should -Be $Fx.TaskDefinition.TaskDefinitionArn
        $svc.TaskDefinition | Should -Be $Fx.TaskDefinition.TaskDefinitionArn
        (Get-EcsService -Cluster dep web).TaskDefinition | Should -Be $Fx.TaskDefinition.TaskDefinitionArn
        $script:Proxy.Count('StopServiceDeployment') | Should -Be 0
    }

    It 'Get-EcsServiceDeployment -InProgress shows the pause' {
        Add-DeploymentListing
        Add-DeploymentStates @((New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION))
        $d = Get-EcsServiceDeployment -Cluster dep -Name web -InProgress
        $d | Should -BeOfType ([EcsAdmin.Models.EcsServiceDeployment])
        $d.IsPaused | Should -BeTrue
        $d.LifecycleStage | Should -Be 'POST_TEST_TRAFFIC_SHIFT'
        $d.TargetRevision.TestTrafficWeight | Should -Be 100
        (Get-Sent ListServiceDeployments)[0].status | Should -Contain 'IN_PROGRESS'
    }
}

Describe 'README recipe: gated deploy' {
    BeforeAll {
        # The recipe's code block, taken from the README as published.
        $readme = Get-Content -Raw -LiteralPath (Join-Path (Get-EcsAdminRepoRoot) 'README.md')
        $m = [regex]::Match($readme, '(?s)### Recipe: gated deploy.*?```powershell\r?\n(.*?)```')
        $script:Recipe = $m.Groups[1].Value
        $script:SmokeDir = Join-Path ([System.IO.Path]::GetTempPath()) ("ecs-smoke-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:SmokeDir
        $script:SmokeTests = Join-Path $script:SmokeDir 'Smoke.Tests.ps1'
        Set-Content -LiteralPath $script:SmokeTests -Value @'
param([string] $Url)
Describe 'test listener' {
    It 'answers' { (Invoke-WebRequest -Uri $Url -SkipHttpErrorCheck -TimeoutSec 10).StatusCode | Should -BeLessThan 500 }
}
'@
    }
    AfterAll { Remove-Item -Recurse -Force -LiteralPath $script:SmokeDir -ErrorAction SilentlyContinue }

    BeforeEach {
        Reset-MotoServer -Server $script:Moto
        $script:Fx = New-Fixture
        New-BlueGreenService $script:Fx | Out-Null
        $script:Proxy.Clear(); $script:Proxy.ClearFaults()
        Add-ActionReplies
        Add-DeploymentListing
        Add-CurrentDeploymentReply
    }

    It 'is in the README' { $script:Recipe | Should -Match 'Wait-EcsService .*-Until Paused' }

    It 'continues when the smoke tests pass against the test listener, and rolls back when they fail' -ForEach @(
        @{ Pass = $true; Action = 'CONTINUE'; Outcome = 'Succeeded' }
        @{ Pass = $false; Action = 'ROLLBACK'; Outcome = 'RolledBack' }
    ) {
        $final = if ($Pass) { New-ServiceDeployment -Status SUCCESSFUL -Stage CLEAN_UP -Production 100 -Hook SUCCEEDED }
                 else { New-ServiceDeployment -Status ROLLBACK_SUCCESSFUL -Stage CLEAN_UP -Hook FAILED -RollbackReason 'Rolled back at the lifecycle hook.' }
        Add-DeploymentStates @(
            (New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION),
            (New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION),
            (New-ServiceDeployment -Status IN_PROGRESS -Stage POST_TEST_TRAFFIC_SHIFT -Test 100 -Hook AWAITING_ACTION),
            $final)
        # The "test listener": moto's own URL answers; a closed port does not.
        $closed = "http://127.0.0.1:$(Get-FreeTcpPort)/"
        $script = "param(`$Cluster, `$Service, `$Image, `$TestListenerUrl, `$SmokeTests)`n" + $script:Recipe
        $result = & ([scriptblock]::Create($script)) 'dep' 'web' @{ web = 'nginx:1.28' } $(if ($Pass) { $script:Moto.Url } else { $closed }) $script:SmokeTests
        $update = (Get-Sent UpdateService)[-1]
        $update.deploymentConfiguration.lifecycleHooks[0].lifecycleStages | Should -Be @('POST_TEST_TRAFFIC_SHIFT')
        $update.taskDefinition | Should -Match ':task-definition/web:2$'
        (Get-Sent ContinueServiceDeployment)[0].action | Should -Be $Action
        $result.Outcome | Should -Be $Outcome
    }
}
