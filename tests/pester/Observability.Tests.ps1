# Service health, metrics, alarms and logs through the built module, against a real moto_server.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    function New-MotoService([string] $Cluster, [string] $Name, [int] $Desired, [string] $Region = 'us-east-1', [string] $Family = 'web') {
        $null = Invoke-MotoJsonApi $script:Moto.Url ecs CreateService @{ cluster = $Cluster; serviceName = $Name; taskDefinition = $Family; desiredCount = $Desired; launchType = 'EC2' } $Region
    }

    function Add-MotoMetric([string] $Cluster, [string] $Service, [string] $Metric, [double] $Value, [string] $Region = 'us-east-1') {
        $ts = [DateTimeOffset]::UtcNow.AddMinutes(-2).ToUnixTimeSeconds()
        $null = Invoke-MotoJsonApi $script:Moto.Url monitoring PutMetricData @{ Namespace = 'AWS/ECS'; MetricData = @(@{
                    MetricName = $Metric; Value = $Value; Unit = 'Percent'; Timestamp = $ts
                    Dimensions = @(@{ Name = 'ClusterName'; Value = $Cluster }, @{ Name = 'ServiceName'; Value = $Service })
                }) } $Region
    }

    function Initialize-Fleet {
        Reset-MotoServer -Server $script:Moto
        foreach ($region in 'us-east-1', 'us-west-2') {
            $null = Invoke-MotoJsonApi $script:Moto.Url ecs RegisterTaskDefinition @{ family = 'web'; containerDefinitions = @(@{ name = 'app'; image = 'nginx'; memory = 128
                        logConfiguration = @{ logDriver = 'awslogs'; options = @{ 'awslogs-group' = '/ecs/web'; 'awslogs-stream-prefix' = 'ecs'; 'awslogs-region' = $region } } }) } $region
        }
        foreach ($c in 'east-a', 'east-b') { $null = Invoke-MotoJsonApi $script:Moto.Url ecs CreateCluster @{ clusterName = $c } }
        $null = Invoke-MotoJsonApi $script:Moto.Url ecs CreateCluster @{ clusterName = 'west-a' } 'us-west-2'
        New-MotoService east-a calm 0                # Healthy
        New-MotoService east-a busy 0                # Degraded: CPU maximum 95
        New-MotoService east-a down 2                # Unhealthy: desired 2, running 0 (moto starts no task)
        New-MotoService east-b quiet 0               # Healthy
        New-MotoService east-b alarmed 0             # Unhealthy: CPU alarm in ALARM
        New-MotoService west-a steady 0 'us-west-2'  # Healthy
        New-MotoService west-a broken 1 'us-west-2'  # Unhealthy
        Add-MotoMetric east-a busy CPUUtilization 95
        Add-MotoMetric east-a busy MemoryUtilization 40
        Add-MotoMetric east-a calm CPUUtilization 12
        $null = Invoke-MotoJsonApi $script:Moto.Url monitoring PutMetricAlarm @{ AlarmName = 'alarmed-cpu'; Namespace = 'AWS/ECS'; MetricName = 'CPUUtilization'; Statistic = 'Average'
            Period = 60; EvaluationPeriods = 1; Threshold = 80; ComparisonOperator = 'GreaterThanThreshold'
            Dimensions = @(@{ Name = 'ClusterName'; Value = 'east-b' }, @{ Name = 'ServiceName'; Value = 'alarmed' }) }
        $null = Invoke-MotoJsonApi $script:Moto.Url monitoring SetAlarmState @{ AlarmName = 'alarmed-cpu'; StateValue = 'ALARM'; StateReason = 'test' }
    }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Get-EcsServiceHealth' {
    BeforeAll { Initialize-Fleet }
    BeforeEach { $script:Proxy.Clear() }

    It 'Get-EcsCluster | Get-EcsServiceHealth | Where-Object Status -ne Healthy finds the bad services of two clusters in two regions' {
        $bad = 'us-east-1', 'us-west-2' | ForEach-Object { Get-EcsCluster -Region $_ } | Get-EcsServiceHealth | Where-Object Status -ne Healthy
        $bad | ForEach-Object { $_ | Should -BeOfType ([EcsAdmin.Models.EcsServiceHealth]) }
        ($bad | ForEach-Object { "$($_.Region)/$($_.Cluster)/$($_.Service)=$($_.Status)" } | Sort-Object) | Should -Be @(
            'us-east-1/east-a/busy=Degraded'
            'us-east-1/east-a/down=Unhealthy'
            'us-east-1/east-b/alarmed=Unhealthy'
            'us-west-2/west-a/broken=Unhealthy'
        )
        (($bad | Where-Object Service -eq busy).Reasons -join ' | ') | Should -Match 'CPU maximum 95'
        (($bad | Where-Object Service -eq down).Reasons -join ' | ') | Should -Match 'No task is running'
        ($bad | Where-Object Service -eq alarmed).Alarms.AlarmName | Should -Be 'alarmed-cpu'
    }

    It 'checks several regions at once with -Region a,b and no cluster' {
        $all = Get-EcsServiceHealth -Region us-east-1, us-west-2 -ThrottleLimit 2
        $all.Count | Should -Be 7
        ($all | Where-Object Region -eq 'us-west-2').Service | Sort-Object | Should -Be @('broken', 'steady')
        ($all | Where-Object Service -eq busy).CpuMaximum | Should -Be 95
        ($all | Where-Object Service -eq busy).MemoryMaximum | Should -Be 40
        ($all | Where-Object Service -eq calm).CpuAverage | Should -Be 12
        ($all | Where-Object Service -eq calm).Status | Should -Be 'Healthy'
        ($all | Where-Object Service -eq down).Deployments[0].RolloutState | Should -Be 'IN_PROGRESS'
    }

    It 'makes exactly the planned requests for one cluster, stopped tasks only where needed' {
        $null = Get-EcsServiceHealth -Cluster east-a
        $requests = @(Get-RecordedRequest -Proxy $script:Proxy)
        $ops = @($requests | ForEach-Object Operation)
        # The services first, then what needs only them, sent together (so in any order): stopped tasks of the one
        # service that runs fewer tasks than desired (down; calm and busy are at their steady state), the metrics of
        # all three, the alarms.
        ($ops[0..1] -join ',') | Should -Be 'ListServices,DescribeServices'
        (@($ops | Select-Object -Skip 2 | Sort-Object) -join ',') | Should -Be 'DescribeAlarms,GetMetricData,ListTasks'
        # 1 ListServices + ceil(3/10) DescribeServices + 1 ListTasks + 0 DescribeTasks + ceil(12/500) GetMetricData + 1 DescribeAlarms
        $ops.Count | Should -Be 5
        ($requests | Where-Object Operation -eq ListTasks).Body | ConvertFrom-Json | ForEach-Object serviceName | Should -Be 'down'
        $ops | Should -Not -Contain 'ListClusters'
    }

    It 'takes piped objects with Cluster, Service and Region properties, and wildcards' {
        $h = [pscustomobject]@{ Cluster = 'east-a'; Service = 'bu*'; Region = 'us-east-1' } | Get-EcsServiceHealth
        $h.Service | Should -Be 'busy'
        (Get-EcsServiceHealth -Cluster 'east-*' -Service 'q*').Service | Should -Be 'quiet'
    }

    It 'takes Get-EcsService output from the pipeline' {
        if (-not (Get-Command Get-EcsService -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'Get-EcsService is not in this build'; return }
        $h = Get-EcsService -Cluster east-b | Get-EcsServiceHealth
        ($h | ForEach-Object { "$($_.Service)=$($_.Status)" } | Sort-Object) | Should -Be @('alarmed=Unhealthy', 'quiet=Healthy')
    }

    It 'writes ServiceNotFound for a named service that does not exist and still checks the others' {
        $h = Get-EcsServiceHealth -Cluster east-a -Service calm, nothere -ErrorVariable errs -ErrorAction SilentlyContinue
        $h.Service | Should -Be 'calm'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports a region it cannot reach as an error without losing the other region' {
        $h = Get-EcsServiceHealth -Region us-west-2 -ProfileName default, nosuchprofile -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -BeGreaterThan 0
        ($errs | Out-String) | Should -Match 'nosuchprofile'
    }

    It 'reads -Window as minutes when given a number and rejects a window under a minute' {
        (Get-EcsServiceHealth -Cluster east-a -Service busy -Window 30).Window.TotalMinutes | Should -Be 30
        (Get-EcsServiceHealth -Cluster east-a -Service busy -Window '01:00:00').Window.TotalMinutes | Should -Be 60
        { Get-EcsServiceHealth -Cluster east-a -Window (New-TimeSpan -Seconds 10) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidWindow*'
    }

    It 'shows a table with Status first and a full list view' {
        $h = Get-EcsServiceHealth -Cluster east-a -Service busy
        $table = ($h | Format-Table | Out-String).Trim() -split "`r?`n"
        $table[0] | Should -Match '^Status\s+Cluster\s+Service'
        $table[2] | Should -Match '^Degraded\s+east-a\s+busy'
        $list = $h | Format-List | Out-String
        foreach ($p in 'Reasons', 'Deployments', 'LatestEvents', 'StoppedTasks', 'TargetHealth', 'CpuAverage', 'MemoryMaximum', 'Alarms') { $list | Should -Match "$p\s*:" }
    }
}

Describe 'Get-EcsServiceHealth target health (ELBv2 query protocol)' {
    BeforeAll {
        Initialize-Fleet
        function Invoke-MotoQuery([string] $Service, [string] $Body) {
            Invoke-RestMethod -Method Post -Uri $script:Moto.Url -ContentType 'application/x-www-form-urlencoded' -Body $Body `
                -Headers @{ Authorization = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/$Service/aws4_request, SignedHeaders=host, Signature=0" }
        }
        $vpc = (Invoke-MotoQuery ec2 'Action=DescribeVpcs&Version=2016-11-15').DescribeVpcsResponse.vpcSet.item | Select-Object -First 1
        $tg = Invoke-MotoQuery elasticloadbalancing "Action=CreateTargetGroup&Version=2015-12-01&Name=lb-web&Protocol=HTTP&Port=80&VpcId=$($vpc.vpcId)&TargetType=ip"
        $script:TgArn = $tg.CreateTargetGroupResponse.CreateTargetGroupResult.TargetGroups.member.TargetGroupArn
        $null = Invoke-MotoQuery elasticloadbalancing "Action=RegisterTargets&Version=2015-12-01&TargetGroupArn=$([uri]::EscapeDataString($script:TgArn))&Targets.member.1.Id=172.31.0.5&Targets.member.1.Port=80&Targets.member.2.Id=172.31.0.6&Targets.member.2.Port=80"
        $null = Invoke-MotoJsonApi $script:Moto.Url ecs CreateService @{ cluster = 'east-a'; serviceName = 'behind-lb'; taskDefinition = 'web'; desiredCount = 0; launchType = 'EC2'
            loadBalancers = @(@{ targetGroupArn = $script:TgArn; containerName = 'app'; containerPort = 80 }) }
    }

    It 'reads the target group health with one DescribeTargetHealth call' {
        $script:Proxy.Clear()
        $h = Get-EcsServiceHealth -Cluster east-a -Service behind-lb
        $tg = $h.TargetHealth | Select-Object -First 1
        $tg.TargetGroupArn | Should -Be $script:TgArn
        $tg.State | Should -Be 'Checked'
        $tg.HealthyTargets | Should -Be 2
        $tg.UnhealthyTargets | Should -Be 0
        $h.Status | Should -Be 'Healthy'
        $script:Proxy.Count('DescribeTargetHealth') | Should -Be 1
    }
}

Describe 'Get-EcsServiceMetric' {
    BeforeAll { Initialize-Fleet }

    It 'gives CPU and memory by default, one point per metric and period with statistics as columns' {
        $script:Proxy.Clear()
        $points = Get-EcsServiceMetric -Cluster east-a -Service busy -PeriodSec 60
        $points.Count | Should -Be 2
        $points[0] | Should -BeOfType ([EcsAdmin.Models.EcsMetricPoint])
        $points.MetricName | Sort-Object | Should -Be @('CPUUtilization', 'MemoryUtilization')
        ($points | Where-Object MetricName -eq CPUUtilization).Maximum | Should -Be 95
        ($points | Where-Object MetricName -eq CPUUtilization).Average | Should -Be 95
        ($points | Where-Object MetricName -eq MemoryUtilization).Maximum | Should -Be 40
        $points[0].Unit | Should -Be 'Percent'
        $text = $points | Out-String -Width 200
        $text | Should -Match 'MetricName\s+Average\s+Maximum'
        $script:Proxy.Count('GetMetricData') | Should -Be 1
    }

    It 'accepts short and CloudWatch metric names alike, and refuses an unknown one before any request' {
        (Get-EcsServiceMetric -Cluster east-a -Service busy -MetricName Cpu -Statistic Maximum).Maximum | Should -Be 95
        (Get-EcsServiceMetric -Cluster east-a -Service busy -MetricName CPUUtilization -Statistic Maximum).Maximum | Should -Be 95
        (Get-EcsServiceMetric -Cluster east-a -Service busy -MetricName memory).Average | Should -Be 40
        $script:Proxy.Clear()
        Get-EcsServiceMetric -Cluster east-a -Service busy -MetricName CpuUtilisation -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'UnknownMetric,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'Cpu'
        $script:Proxy.Count('GetMetricData') | Should -Be 0
        New-EcsServiceAlarm -Cluster east-a -Service calm -Metric MemoryUtilization -WhatIf
    }

    It 'pipes from a health object and rejects a range that ends before it starts' {
        $p = Get-EcsServiceHealth -Cluster east-a -Service busy | Get-EcsServiceMetric -MetricName MemoryUtilization
        $p.Value | Should -Be 40
        { Get-EcsServiceMetric -Cluster east-a -Service busy -Since (Get-Date) -Until (Get-Date).AddHours(-1) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTimeRange*'
    }
}

Describe 'Service alarms' {
    BeforeAll { Initialize-Fleet }
    BeforeEach { $script:Proxy.Clear() }

    It '-WhatIf sends nothing; New, Get and Remove round-trip an alarm' {
        New-EcsServiceAlarm -Cluster east-a -Service calm -WhatIf
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty

        $a = New-EcsServiceAlarm -Cluster east-a -Service calm -Metric Memory -Threshold 70 -EvaluationPeriods 2
        $a | Should -BeOfType ([EcsAdmin.Models.EcsServiceAlarm])
        $a.AlarmName | Should -Be 'EcsAdmin-east-a-calm-memory-high'
        $a.MetricName | Should -Be 'MemoryUtilization'
        $a.Threshold | Should -Be 70

        (Get-EcsServiceAlarm -Cluster east-a).AlarmName | Should -Be 'EcsAdmin-east-a-calm-memory-high'
        (Get-EcsServiceAlarm -Name 'alarmed-*').Service | Should -Be 'alarmed'

        $script:Proxy.Clear()
        Get-EcsServiceAlarm -Cluster east-a | Remove-EcsServiceAlarm -WhatIf
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
        $gone = Get-EcsServiceAlarm -Cluster east-a | Remove-EcsServiceAlarm -Force -PassThru
        $gone.AlarmName | Should -Be 'EcsAdmin-east-a-calm-memory-high'
        Get-EcsServiceAlarm -Cluster east-a | Should -BeNullOrEmpty
    }

    It 'marks the alarms Application Auto Scaling owns and keeps them on a piped remove without -Force' {
        $dims = @(@{ Name = 'ClusterName'; Value = 'east-b' }, @{ Name = 'ServiceName'; Value = 'scaled' })
        $common = @{ Namespace = 'AWS/ECS'; MetricName = 'CPUUtilization'; Statistic = 'Average'; Period = 60; EvaluationPeriods = 3; ComparisonOperator = 'GreaterThanThreshold'; Dimensions = $dims }
        $null = Invoke-MotoJsonApi $script:Moto.Url monitoring PutMetricAlarm (@{ AlarmName = 'TargetTracking-service/east-b/scaled-AlarmHigh-5e2f'; Threshold = 75 } + $common)
        $null = Invoke-MotoJsonApi $script:Moto.Url monitoring PutMetricAlarm (@{ AlarmName = 'scaled-step-out'; Threshold = 90
            AlarmActions = @('arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1f2e:resource/ecs/service/east-b/scaled:policyName/step-out') } + $common)
        $null = Invoke-MotoJsonApi $script:Moto.Url monitoring PutMetricAlarm (@{ AlarmName = 'scaled-mine'; Threshold = 95 } + $common)

        $alarms = Get-EcsServiceAlarm -Cluster east-b -Service scaled | Sort-Object AlarmName
        ($alarms | ForEach-Object { '{0}={1}' -f $_.AlarmName, $_.IsManaged }) -join ',' |
            Should -Be 'scaled-mine=False,scaled-step-out=True,TargetTracking-service/east-b/scaled-AlarmHigh-5e2f=True'
        ($alarms | Format-Table | Out-String -Width 400) | Should -Match 'ManagedBy[\s\S]*ApplicationAutoScaling'

        $gone = Get-EcsServiceAlarm -Cluster east-b -Service scaled | Remove-EcsServiceAlarm -Confirm:$false -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        $gone.AlarmName | Should -Be 'scaled-mine'
        @($errs | Where-Object FullyQualifiedErrorId -Like 'AlarmManagedByAutoScaling,*').Count | Should -Be 2
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        (Get-EcsServiceAlarm -Cluster east-b -Service scaled).Count | Should -Be 2

        $forced = Remove-EcsServiceAlarm -Name 'scaled-step-out' -Force -PassThru
        $forced.AlarmName | Should -Be 'scaled-step-out'
    }

    It 'Remove-EcsServiceAlarm writes AlarmNotFound for an unknown alarm' {
        Remove-EcsServiceAlarm -Name no-such-alarm -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AlarmNotFound,*'
    }
}

Describe 'Get-EcsLog' {
    BeforeAll {
        Initialize-Fleet
        $null = Invoke-MotoJsonApi $script:Moto.Url logs CreateLogGroup @{ logGroupName = '/ecs/web' }
        $script:Now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
        foreach ($t in 'task1', 'task2') {
            $null = Invoke-MotoJsonApi $script:Moto.Url logs CreateLogStream @{ logGroupName = '/ecs/web'; logStreamName = "ecs/app/$t" }
            $null = Invoke-MotoJsonApi $script:Moto.Url logs PutLogEvents @{ logGroupName = '/ecs/web'; logStreamName = "ecs/app/$t"
                logEvents = @(@{ timestamp = $script:Now - 60000; message = "hello from $t" }, @{ timestamp = $script:Now - 30000; message = "ERROR in $t" }) }
        }
    }

    It 'reads every task stream of a service from the awslogs configuration' {
        $events = Get-EcsLog -Cluster east-a -Service calm
        $events.Count | Should -Be 4
        $events[0] | Should -BeOfType ([EcsAdmin.Models.EcsLogEvent])
        ($events | ForEach-Object TaskId | Sort-Object -Unique) | Should -Be @('task1', 'task2')
        ($events | ForEach-Object Container | Sort-Object -Unique) | Should -Be 'app'
        $events[0].Service | Should -Be 'calm'
        $events[0].Message | Should -BeLike 'hello from task*'
        $events[0].LogStream | Should -BeLike 'ecs/app/task*'
    }

    It '-Follow polls, writes new events once, and stops at once when stopped' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$(Get-EcsAdminModulePath)'; Get-EcsLog -Cluster east-a -Service calm -Container app -Follow -PollIntervalSec 1")
        $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $out)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($out.Count -lt 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $out.Count | Should -Be 4
            $null = Invoke-MotoJsonApi $script:Moto.Url logs PutLogEvents @{ logGroupName = '/ecs/web'; logStreamName = 'ecs/app/task1'; logEvents = @(@{ timestamp = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds(); message = 'late line' }) }
            while ($out.Count -lt 5 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Seconds 2   # two more polls: nothing may be written twice
            $out.Count | Should -Be 5
            $out[4].Message | Should -Be 'late line'
            $ps.Stop()   # returns once the pipeline has stopped (its latency is the bench's ctrl_c_stop_ms)
            $handle.IsCompleted | Should -BeTrue
        } finally {
            $ps.Dispose()
        }
    }

    It 'reads a piped task (TaskId wins over Service) and needs a service or a task' {
        $e = [pscustomobject]@{ Cluster = 'east-a'; Service = 'calm'; TaskId = 'no-such-task'; TaskArn = 'arn:aws:ecs:us-east-1:123456789012:task/east-a/no-such-task' } |
            Get-EcsLog -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TaskNotFound,*'
        Get-EcsLog -Cluster east-a -ErrorAction SilentlyContinue -ErrorVariable errs2
        $errs2[0].FullyQualifiedErrorId | Should -BeLike 'LogSourceMissing,*'
    }

    It 'filters with -FilterPattern and reports a service without awslogs' {
        (Get-EcsLog -Cluster east-a -Service calm -FilterPattern ERROR).Message | Sort-Object | Should -Be @('ERROR in task1', 'ERROR in task2')
        $null = Invoke-MotoJsonApi $script:Moto.Url ecs RegisterTaskDefinition @{ family = 'nolog'; containerDefinitions = @(@{ name = 'app'; image = 'nginx'; memory = 128 }) }
        New-MotoService east-a silent 0 -Family nolog
        { Get-EcsLog -Cluster east-a -Service silent -ErrorAction Stop } | Should -Throw -ErrorId 'NoAwslogsConfiguration*'
    }
}
