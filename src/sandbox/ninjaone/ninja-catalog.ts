/** What the NinjaOne simulator deploys and which conditions it raises: real enum values from the public API 2.0. */
export type NodeClass =
  | 'WINDOWS_WORKSTATION' | 'WINDOWS_SERVER' | 'MAC' | 'LINUX_SERVER' | 'VMWARE_VM_HOST'
  | 'NMS_SWITCH' | 'NMS_FIREWALL' | 'NMS_WAP';

export const NODE_CLASS_MIX: readonly (readonly [NodeClass, number])[] = [
  ['WINDOWS_WORKSTATION', 0.6], ['WINDOWS_SERVER', 0.18], ['MAC', 0.08], ['LINUX_SERVER', 0.05],
  ['VMWARE_VM_HOST', 0.02], ['NMS_SWITCH', 0.03], ['NMS_FIREWALL', 0.02], ['NMS_WAP', 0.02],
];

export const CLASS_TAG: Record<NodeClass, string> = {
  WINDOWS_WORKSTATION: 'WS', WINDOWS_SERVER: 'SRV', MAC: 'MAC', LINUX_SERVER: 'LNX', VMWARE_VM_HOST: 'ESX',
  NMS_SWITCH: 'SW', NMS_FIREWALL: 'FW', NMS_WAP: 'AP',
};

export interface PolicyDef {
  readonly id: number;
  readonly name: string;
  readonly nodeClass: NodeClass;
}

export const POLICIES: readonly PolicyDef[] = [
  { id: 11, name: 'Windows Workstations - Standard', nodeClass: 'WINDOWS_WORKSTATION' },
  { id: 12, name: 'Windows Servers - Critical', nodeClass: 'WINDOWS_SERVER' },
  { id: 13, name: 'macOS - Standard', nodeClass: 'MAC' },
  { id: 14, name: 'Linux Servers', nodeClass: 'LINUX_SERVER' },
  { id: 15, name: 'VMware Hosts', nodeClass: 'VMWARE_VM_HOST' },
  { id: 16, name: 'Network Devices (SNMP)', nodeClass: 'NMS_SWITCH' },
  { id: 17, name: 'Network Devices (SNMP)', nodeClass: 'NMS_FIREWALL' },
  { id: 18, name: 'Network Devices (SNMP)', nodeClass: 'NMS_WAP' },
];

/** Node roles: the built-in role per class has the same id space as NinjaOne's defaults (1xx). */
export const ROLE_IDS: Record<NodeClass, number> = {
  WINDOWS_WORKSTATION: 101, WINDOWS_SERVER: 102, MAC: 103, LINUX_SERVER: 104, VMWARE_VM_HOST: 105,
  NMS_SWITCH: 106, NMS_FIREWALL: 107, NMS_WAP: 108,
};

export type AlertSource =
  | 'AGENT_OFFLINE' | 'CONDITION_AGENT_CPU' | 'CONDITION_AGENT_MEMORY' | 'CONDITION_AGENT_DISK_FREE_SPACE'
  | 'CONDITION_AGENT_DISK_IO' | 'CONDITION_SCRIPT_RESULT' | 'CONDITION_WINDOWS_SERVICE_STATE_CHANGED';

export type Severity = 'NONE' | 'MINOR' | 'MODERATE' | 'MAJOR' | 'CRITICAL';
export type Priority = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface ConditionDef {
  readonly sourceType: AlertSource;
  readonly sourceName: string;
  readonly subject: string;
  /** Fixed per condition, as a policy's condition keeps its uid. */
  readonly sourceConfigUid: string;
  readonly severity: Severity;
  readonly priority: Priority;
  /** Only agents of these classes raise it. */
  readonly classes: readonly NodeClass[];
}

const AGENTS: readonly NodeClass[] = ['WINDOWS_WORKSTATION', 'WINDOWS_SERVER', 'MAC', 'LINUX_SERVER'];
const WINDOWS: readonly NodeClass[] = ['WINDOWS_WORKSTATION', 'WINDOWS_SERVER'];

export const CONDITIONS: readonly ConditionDef[] = [
  { sourceType: 'CONDITION_AGENT_CPU', sourceName: 'CPU utilization', subject: 'CPU utilization above 90% for 15 minutes', sourceConfigUid: '3b2f6a0e-5c1d-4f7a-9e21-7d0c4b8a1f01', severity: 'MAJOR', priority: 'MEDIUM', classes: AGENTS },
  { sourceType: 'CONDITION_AGENT_MEMORY', sourceName: 'Memory utilization', subject: 'Memory utilization above 95% for 10 minutes', sourceConfigUid: '3b2f6a0e-5c1d-4f7a-9e21-7d0c4b8a1f02', severity: 'MAJOR', priority: 'HIGH', classes: AGENTS },
  { sourceType: 'CONDITION_AGENT_DISK_FREE_SPACE', sourceName: 'Disk free space', subject: 'Disk free space below 15%', sourceConfigUid: '3b2f6a0e-5c1d-4f7a-9e21-7d0c4b8a1f03', severity: 'MODERATE', priority: 'MEDIUM', classes: AGENTS },
  { sourceType: 'CONDITION_AGENT_DISK_IO', sourceName: 'Disk active time', subject: 'Disk active time above 95% for 30 minutes', sourceConfigUid: '3b2f6a0e-5c1d-4f7a-9e21-7d0c4b8a1f04', severity: 'MINOR', priority: 'LOW', classes: AGENTS },
  { sourceType: 'CONDITION_SCRIPT_RESULT', sourceName: 'Backup job result', subject: 'Backup job failed', sourceConfigUid: '3b2f6a0e-5c1d-4f7a-9e21-7d0c4b8a1f05', severity: 'CRITICAL', priority: 'HIGH', classes: ['WINDOWS_SERVER', 'LINUX_SERVER'] },
  { sourceType: 'CONDITION_WINDOWS_SERVICE_STATE_CHANGED', sourceName: 'Critical service stopped', subject: 'Windows service stopped', sourceConfigUid: '3b2f6a0e-5c1d-4f7a-9e21-7d0c4b8a1f06', severity: 'MAJOR', priority: 'MEDIUM', classes: WINDOWS },
];

export const OFFLINE_CONDITION: ConditionDef = {
  sourceType: 'AGENT_OFFLINE', sourceName: 'Device offline', subject: 'Device is offline', sourceConfigUid: '3b2f6a0e-5c1d-4f7a-9e21-7d0c4b8a1f00', severity: 'CRITICAL', priority: 'HIGH', classes: [],
};

export const SERVICES = ['Spooler', 'W32Time', 'MSSQLSERVER', 'VeeamBackupSvc', 'DHCPServer', 'DNS'];
