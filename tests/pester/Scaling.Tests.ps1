# Service auto scaling through the built module, against a real moto_server behind the recording proxy.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    try { Import-EcsAdminUnderTest } catch { }
    # Get-EcsService comes from the services work; the pipe test runs once it is exported.
    $script:NoGetEcsService = -not (Get-Command Get-EcsService -Module EcsAdmin -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    function Invoke-MotoJson([string] $Scope, [string] $Target, [hashtable] $Body) {
        # Straight to moto (not through the proxy): fixture set-up is not what the tests count.
        $headers = @{
            'X-Amz-Target'  = $Target
            'Authorization' = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/$Scope/aws4_request, SignedHeaders=host, Signature=0"
        }
        Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Headers $headers -ContentType 'application/x-amz-json-1.1' -Body ($Body | ConvertTo-Json -Depth 10)
    }

    # A cluster (through the module) with an EC2-launch-type service (raw ECS calls: no subnets needed).
    function New-ScalingFixture([string] $Cluster = 'scl', [string[]] $Service = @('web')) {
        New-EcsCluster -Name $Cluster | Out-Null
        $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition' @{
            family               = 'scaling-app'
            containerDefinitions = @(@{ name = 'app'; image = 'nginx:latest'; memory = 256; essential = $true })
        }
        foreach ($s in $Service) {
            $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.CreateService' @{
                cluster = $Cluster; serviceName = $s; taskDefinition = 'scaling-app'; desiredCount = 1; launchType = 'EC2'
            }
        }
        $script:Proxy.Clear()
    }

    function Get-MutatingOperation { @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) }

    $script:Seed = @{ Cluster = 'scl'; Service = 'web'; MinCapacity = 1; MaxCapacity = 10; TargetCpuPercent = 70; ScaleOutCooldownSec = 300; ScaleInCooldownSec = 300 }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Set-EcsScaling' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; New-ScalingFixture }

    It 'sets up the seed scenario (min 1, max 10, CPU 70, cooldowns 300) in one command' {
        $c = Set-EcsScaling @Seed -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [EcsAdmin.Models.EcsScalingConfiguration] }
        $c | Should -HaveCount 1
        $c.ResourceId | Should -Be 'service/scl/web'
        $c.Cluster | Should -Be 'scl'
        $c.Service | Should -Be 'web'
        $c.Region | Should -Be 'us-east-1'
        $c.Registered | Should -BeTrue
        $c.MinCapacity | Should -Be 1
        $c.MaxCapacity | Should -Be 10
        $c.Policies | Should -HaveCount 1
        $c.Policies[0].Name | Should -Be 'EcsAdmin-Cpu'
        $c.Policies[0].Managed | Should -BeTrue
        $c.Policies[0].Metric | Should -Be 'ECSServiceAverageCPUUtilization'
        $c.Policies[0].TargetValue | Should -Be 70
        $c.Policies[0].ScaleOutCooldown | Should -Be 300
        $c.Policies[0].ScaleInCooldown | Should -Be 300
        $c.Policies[0].Alarms.Count | Should -BeGreaterThan 0
        $c.Changes.Action | Should -Be @('RegisterScalableTarget', 'PutScalingPolicy')
        $c.RecentActivities | Should -HaveCount 0
        @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -match 'DescribeScalingActivities' }).Count | Should -BeGreaterThan 0 -Because 'moto lacks DescribeScalingActivities: the gap is a verbose note, not an error'
        Get-MutatingOperation | Should -Be @('RegisterScalableTarget', 'PutScalingPolicy')
        $script:Proxy.Count('DescribeServices') | Should -Be 1
    }

    It 'makes zero mutating calls when run a second time' {
        Set-EcsScaling @Seed -ScheduledAction @{ Name = 'night'; Schedule = 'cron(0 22 ? * MON-FRI *)'; MinCapacity = 1; MaxCapacity = 2 } -TargetMemoryPercent 80 | Out-Null
        @(Get-MutatingOperation).Count | Should -Be 4
        $script:Proxy.Clear()

        $again = Set-EcsScaling @Seed -ScheduledAction @{ Name = 'night'; Schedule = 'cron(0 22 ? * MON-FRI *)'; MinCapacity = 1; MaxCapacity = 2 } -TargetMemoryPercent 80

        Get-MutatingOperation | Should -BeNullOrEmpty
        $script:Proxy.Requests.Count | Should -BeGreaterThan 0 -Because 'the second run still reads the current state'
        $again.Changes | Should -BeNullOrEmpty
        $again.Policies.Name | Sort-Object | Should -Be @('EcsAdmin-Cpu', 'EcsAdmin-Memory')
        $again.ScheduledActions.Name | Should -Be 'EcsAdmin-night'
    }

    It 'changes only what differs' {
        Set-EcsScaling @Seed | Out-Null
        $script:Proxy.Clear()
        $s = $Seed.Clone(); $s.TargetCpuPercent = 55
        $c = Set-EcsScaling @s
        Get-MutatingOperation | Should -Be @('PutScalingPolicy')
        $c.Policies[0].TargetValue | Should -Be 55
    }

    It 'prunes managed policies and actions no longer asked for and leaves the user''s own alone' {
        Set-EcsScaling @Seed -TargetMemoryPercent 75 -ScheduledAction @{ Name = 'night'; Schedule = 'rate(1 day)'; MinCapacity = 1 } | Out-Null
        $null = Invoke-MotoJson application-autoscaling 'AnyScaleFrontendService.PutScalingPolicy' @{
            PolicyName = 'my-own-policy'; ServiceNamespace = 'ecs'; ResourceId = 'service/scl/web'; ScalableDimension = 'ecs:service:DesiredCount'
            PolicyType = 'TargetTrackingScaling'
            TargetTrackingScalingPolicyConfiguration = @{ TargetValue = 50; PredefinedMetricSpecification = @{ PredefinedMetricType = 'ECSServiceAverageMemoryUtilization' } }
        }
        $script:Proxy.Clear()

        $c = Set-EcsScaling @Seed

        Get-MutatingOperation | Sort-Object | Should -Be @('DeleteScalingPolicy', 'DeleteScheduledAction')
        $bodies = @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Body) -join "`n"
        $bodies | Should -Match 'EcsAdmin-Memory'
        $bodies | Should -Match 'EcsAdmin-night'
        $bodies | Should -Not -Match 'my-own-policy'
        $c.Policies.Name | Should -Be @('EcsAdmin-Cpu', 'my-own-policy')
        ($c.Policies | Where-Object Name -eq 'my-own-policy').Managed | Should -BeFalse
        $c.ScheduledActions | Should -BeNullOrEmpty
    }

    It 'with -WhatIf sends nothing mutating and writes the plan' {
        $plan = Set-EcsScaling @Seed -TargetMemoryPercent 80 -WhatIf
        Get-MutatingOperation | Should -BeNullOrEmpty
        $plan | Should -HaveCount 3
        $plan | ForEach-Object { $_ | Should -BeOfType ([EcsAdmin.Models.EcsScalingChange]) }
        $plan.Action | Should -Be @('RegisterScalableTarget', 'PutScalingPolicy', 'PutScalingPolicy')
        $plan.Target | Should -Be @('service/scl/web', 'EcsAdmin-Cpu', 'EcsAdmin-Memory')
        $plan.Applied | Should -Not -Contain $true
        (Get-EcsScaling -Cluster scl -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'with -PassThru writes the applied changes' {
        $changes = Set-EcsScaling @Seed -PassThru
        $changes.Action | Should -Be @('RegisterScalableTarget', 'PutScalingPolicy')
        $changes.Applied | Should -Be @($true, $true)
    }

    It 'binds -Cluster, -Service and -Region from piped service objects' {
        $svc = [pscustomobject]@{ Cluster = 'scl'; Service = 'web'; Region = 'us-east-1' }
        $c = $svc | Set-EcsScaling -MinCapacity 2 -MaxCapacity 4 -TargetCpuPercent 60
        $c.ResourceId | Should -Be 'service/scl/web'
        $c.MinCapacity | Should -Be 2
    }

    It 'takes services piped from Get-EcsService' -Skip:$script:NoGetEcsService {
        $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.CreateService' @{
            cluster = 'scl'; serviceName = 'api'; taskDefinition = 'scaling-app'; desiredCount = 1; launchType = 'EC2'
        }
        $script:Proxy.Clear()
        $configs = Get-EcsService -Cluster scl | Set-EcsScaling -MinCapacity 1 -MaxCapacity 3 -TargetCpuPercent 65
        $configs.ResourceId | Sort-Object | Should -Be @('service/scl/api', 'service/scl/web')
        @(Get-MutatingOperation | Where-Object { $_ -eq 'RegisterScalableTarget' }).Count | Should -Be 2
    }

    It 'rejects <Case> before sending any request (<ErrorId>)' -ForEach @(
        @{ Case = 'min above max'; Extra = @{ MinCapacity = 5; MaxCapacity = 2 }; ErrorId = 'ScalingMinGreaterThanMax' }
        @{ Case = 'max above 5000'; Extra = @{ MaxCapacity = 6000 }; ErrorId = 'ScalingMaxCapacityTooLarge' }
        @{ Case = 'a CPU target of 0'; Extra = @{ TargetCpuPercent = 0 }; ErrorId = 'InvalidTargetPercent' }
        @{ Case = 'a negative cooldown'; Extra = @{ ScaleInCooldownSec = -1 }; ErrorId = 'InvalidCooldown' }
        @{ Case = 'a 5-field cron'; Extra = @{ ScheduledAction = @{ Name = 'x'; Schedule = 'cron(0 8 * * MON)'; MinCapacity = 1 } }; ErrorId = 'InvalidScheduleExpression' }
        @{ Case = 'requests without a label'; Extra = @{ TargetRequestsPerTarget = 100 }; ErrorId = 'ResourceLabelRequired' }
        @{ Case = 'an unknown custom metric key'; Extra = @{ CustomMetric = @{ Namespace = 'N'; MetricName = 'M'; TargetValue = 1; Bogus = 1 } }; ErrorId = 'InvalidCustomMetric' }
    ) {
        $p = $Seed.Clone()
        foreach ($k in $Extra.Keys) { $p[$k] = $Extra[$k] }
        $out = Set-EcsScaling @p -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $script:Proxy.Requests.Count | Should -Be 0
    }

    It 'reports a missing service as ServiceNotFound without touching auto scaling' {
        $s = $Seed.Clone(); $s.Service = 'ghost'
        Set-EcsScaling @s -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-RecordedRequest -Proxy $script:Proxy | ForEach-Object Operation) | Should -Be @('DescribeServices')
    }
}

Describe 'Get, Suspend, Resume and Remove-EcsScaling' {
    BeforeEach {
        Reset-MotoServer -Server $script:Moto
        New-ScalingFixture -Service web, api, idle
        Set-EcsScaling @Seed | Out-Null
        $s = $Seed.Clone(); $s.Service = 'api'
        Set-EcsScaling @s -ScheduledAction @{ Name = 'peak'; Schedule = 'at(2030-01-31T18:00:00)'; MaxCapacity = 20 } | Out-Null
        $script:Proxy.Clear()
    }

    It 'gets every scaled service of a cluster, one by name, and errors for one without scaling' {
        (Get-EcsScaling -Cluster scl).Service | Should -Be @('api', 'web')
        $api = Get-EcsScaling -Cluster scl -Service api
        $api.ScheduledActions.Name | Should -Be 'EcsAdmin-peak'
        $api.ScheduledActions[0].MaxCapacity | Should -Be 20
        $api.ScheduledActions[0].Managed | Should -BeTrue
        Get-EcsScaling -Cluster scl -Service idle -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ScalingNotConfigured,*'
        Get-MutatingOperation | Should -BeNullOrEmpty
    }

    It 'suspends only scale-in, is idempotent, and resumes everything' {
        $c = Suspend-EcsScaling -Cluster scl -Service web -DynamicIn
        $c.DynamicScalingInSuspended | Should -BeTrue
        $c.DynamicScalingOutSuspended | Should -BeFalse
        $c.ScheduledScalingSuspended | Should -BeFalse
        Suspend-EcsScaling -Cluster scl -Service web -DynamicIn | Out-Null
        @(Get-MutatingOperation).Count | Should -Be 1
        Suspend-EcsScaling -Cluster scl -Service web -WhatIf | Out-Null
        @(Get-MutatingOperation).Count | Should -Be 1
        $r = Get-EcsScaling -Cluster scl -Service web | Resume-EcsScaling
        $r.DynamicScalingInSuspended | Should -BeFalse
        @(Get-MutatingOperation).Count | Should -Be 2
    }

    It 'removes a service''s scaling with -Force, and -WhatIf removes nothing' {
        Remove-EcsScaling -Cluster scl -Service web -WhatIf
        Get-MutatingOperation | Should -BeNullOrEmpty
        $gone = Remove-EcsScaling -Cluster scl -Service web -Force -PassThru
        $gone.Registered | Should -BeFalse
        $gone.Policies.Name | Should -Be 'EcsAdmin-Cpu'
        Get-MutatingOperation | Should -Be @('DeregisterScalableTarget')
        (Get-EcsScaling -Cluster scl).Service | Should -Be @('api')
    }
}
