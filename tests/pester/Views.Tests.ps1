# Views that show what matters: the short task id a view shows is accepted back as input (a unique prefix), key columns
# are never cut, container definitions carry every field, and Export-Csv writes readable cells. Through the built
# module against moto (behind the recording proxy, which also scripts the replies moto cannot give).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    function Get-RequestBody {
        param([string] $Operation)
        @(Get-RecordedRequest -Proxy $script:Proxy -Operation $Operation | ForEach-Object { $_.Body | ConvertFrom-Json })
    }

    function Get-UniquePrefix {
        # The shortest prefix (at least 6 characters) of $Id that no other id in $All starts with.
        param([string] $Id, [string[]] $All)
        for ($n = 6; $n -lt $Id.Length; $n++) {
            $p = $Id.Substring(0, $n)
            if (@($All | Where-Object { $_ -ne $Id -and $_.StartsWith($p) }).Count -eq 0) { return $p }
        }
        $Id
    }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Short task ids as input' {
    BeforeAll {
        Reset-MotoServer -Server $script:Moto
        $net = New-MotoFargateNetwork -MotoUrl $script:Moto.Url -Name short
        New-EcsCluster -Name shortids | Out-Null
        $td = @{
            family = 'shortweb'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @(@{ name = 'web'; image = 'nginx:1.27'; essential = $true; memory = 512 })
        } | Register-EcsTaskDefinition
        $script:Tasks = @(Start-EcsTask -Cluster shortids -TaskDefinition $td.TaskDefinitionArn -Count 3 @net)
        $ids = @($script:Tasks.TaskId)
        $script:Id = $ids[0]
        $script:Prefix = Get-UniquePrefix -Id $ids[0] -All $ids
        $script:StopId = $ids[1]
        $script:StopPrefix = Get-UniquePrefix -Id $ids[1] -All $ids
    }

    BeforeEach { $script:Proxy.Clear() }

    It 'Get-EcsTask finds the task from a unique prefix of its id' {
        $script:Prefix.Length | Should -BeLessThan $script:Id.Length
        $t = @(Get-EcsTask -Cluster shortids -Task $script:Prefix)
        $t.TaskId | Should -Be @($script:Id)
        (Get-RequestBody DescribeTasks).tasks | Should -Be @($script:Id)
    }

    It 'Get-EcsTask with a whole id makes no listing call' {
        (Get-EcsTask -Cluster shortids -Task $script:Id).TaskId | Should -Be $script:Id
        $script:Proxy.Count('ListTasks') | Should -Be 0
    }

    It 'Stop-EcsTask stops the task a prefix names' {
        $stopped = Stop-EcsTask -Cluster shortids -Task $script:StopPrefix -Confirm:$false
        $stopped.TaskId | Should -Be $script:StopId
        (Get-RequestBody StopTask).task | Should -Be @($script:StopId)
    }

    It 'Test-EcsExecReadiness checks the task a prefix names' {
        $checks = @(Test-EcsExecReadiness -Cluster shortids -Task $script:Prefix -ErrorAction SilentlyContinue)
        $checks.Count | Should -BeGreaterThan 0
        $checks.TaskId | Select-Object -Unique | Should -Be $script:Id
    }

    It 'Invoke-EcsExec sends the whole id of the task a prefix names' {
        Invoke-EcsExec -Cluster shortids -Task $script:Prefix -Command 'true' -ErrorAction SilentlyContinue -Confirm:$false 2>$null | Out-Null
        (Get-RequestBody ExecuteCommand).task | Should -Be @($script:Id)
    }

    It '<Command> describes the whole id of the task a prefix names' -ForEach @(
        @{ Command = 'Start-EcsPortForward'; Extra = @{ RemotePort = 80 } }
        @{ Command = 'Copy-EcsFile'; Extra = @{ Path = $PSCommandPath; Destination = '/tmp/x' } }
    ) {
        & $Command -Cluster shortids -Task $script:Prefix @Extra -ErrorAction SilentlyContinue -Confirm:$false 2>$null | Out-Null
        (Get-RequestBody DescribeTasks).tasks | Should -Contain $script:Id
        (Get-RequestBody DescribeTasks).tasks | Should -Not -Contain $script:Prefix
    }

    It 'an ambiguous prefix is a typed error naming every candidate' {
        $arn = 'arn:aws:ecs:us-east-1:123456789012:task/shortids/'
        $a = 'abcdef0123456789abcdef0123456789'; $b = 'abcdef9876543210abcdef9876543210'
        $script:Proxy.AddReply('ListTasks', (@{ taskArns = @("$arn$a", "$arn$b") } | ConvertTo-Json -Compress), 2)
        try {
            Get-EcsTask -Cluster shortids -Task abcdef -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        } finally { $script:Proxy.ClearFaults() }
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TaskIdAmbiguous*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match $a
        $err[0].Exception.Message | Should -Match $b
        $script:Proxy.Count('DescribeTasks') | Should -Be 0
    }

    It 'a prefix that matches nothing is the usual not-found error' {
        Get-EcsTask -Cluster shortids -Task 'fff000' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'TaskNotFound*'
    }
}

Describe 'Key columns show whole names' {
    BeforeAll {
        $script:LongCluster = 'production-eu-west-payments'
        $script:LongService = 'checkout-api-blue-green-main'
        $script:LongFamily = 'checkout-api-blue-green'
        $td = "arn:aws:ecs:us-east-1:123456789012:task-definition/$($script:LongFamily):123"
        $script:Objects = @{
            EcsCluster = [EcsAdmin.Models.EcsCluster]@{ Cluster = $LongCluster; Status = 'ACTIVE'; Region = 'us-east-1' }
            EcsService = [EcsAdmin.Models.EcsService]@{ Service = $LongService; Cluster = $LongCluster; Status = 'ACTIVE'; TaskDefinition = $td; LaunchType = 'FARGATE' }
            EcsTask = [EcsAdmin.Models.EcsTask]@{ TaskId = '0123456789abcdef0123456789abcdef'; Cluster = $LongCluster; Service = $LongService; TaskDefinition = $td; LastStatus = 'RUNNING'; LaunchType = 'FARGATE' }
            EcsTaskDefinition = [EcsAdmin.Models.EcsTaskDefinition]@{ Family = $LongFamily; Revision = 123; TaskDefinitionArn = $td; Status = 'ACTIVE' }
        }
    }

    It '<Type> shows <Names> whole in a 120-column table' -ForEach @(
        @{ Type = 'EcsCluster'; Names = @('LongCluster') }
        @{ Type = 'EcsService'; Names = @('LongService', 'LongCluster', 'LongFamily') }
        @{ Type = 'EcsTask'; Names = @('LongCluster', 'LongService', 'LongFamily') }
        @{ Type = 'EcsTaskDefinition'; Names = @('LongFamily') }
    ) {
        $text = $script:Objects[$Type] | Format-Table | Out-String -Width 120
        foreach ($n in $Names) { $text | Should -BeLike ('*' + (Get-Variable $n -Scope Script -ValueOnly) + '*') }
    }
}
