{{- define "zkop.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "zkop.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "zkop.labels" -}}
{{ include "zkop.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "zkop.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "zkop.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is needed when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The rules of what the controller reads and writes where ZooKeeper objects live. */}}
{{- define "zkop.operatorRules" -}}
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeepers]
  verbs: [list, patch, watch]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeepers/status]
  verbs: [patch]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeepers/finalizers]
  verbs: [update]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeepertenants]
  verbs: [list, patch, watch]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeepertenants/status]
  verbs: [patch]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeeperbackups]
  verbs: [create, delete, list, watch]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeeperbackups/status]
  verbs: [patch]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeeperbackupschedules]
  verbs: [list, watch]
- apiGroups: [zookeeper.zkop.dev]
  resources: [zookeeperbackupschedules/status]
  verbs: [patch]
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [create, delete, get, list, patch, watch]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [create, get, list, patch, watch]
- apiGroups: [""]
  resources: [pods]
  verbs: [delete, list, patch, watch]
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [delete, list, patch, watch]
- apiGroups: [""]
  resources: [services]
  verbs: [create, delete, get, list, patch, watch]
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [create, get, list, patch, watch]
- apiGroups: [""]
  resources: [secrets]
  verbs: [create, delete, get, list, patch, watch]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [create, get, list, patch, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [create, delete, get, list, patch, watch]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [create, get, list, patch, watch]
- apiGroups: [cert-manager.io]
  resources: [certificates]
  verbs: [create, get, patch]
- apiGroups: [monitoring.coreos.com]
  resources: [servicemonitors, prometheusrules]
  verbs: [create, get, patch]
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create]
{{- end -}}
