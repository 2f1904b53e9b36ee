// Package hostpath is the test cluster's dynamic volume provisioner: each claim of its
// StorageClass gets a directory on the machine, exposed as a local PersistentVolume
// pinned to the node the scheduler chose (WaitForFirstConsumer), deleted with its
// volume, and grown in place when the claim asks for more.
package hostpath

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	storagelisters "k8s.io/client-go/listers/storage/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
)

const (
	annSelectedNode   = "volume.kubernetes.io/selected-node"
	annProvisioner    = "volume.kubernetes.io/storage-provisioner"
	annProvisionedBy  = "pv.kubernetes.io/provisioned-by"
	hostnameTopology  = "kubernetes.io/hostname"
	reconcileInterval = 30 * time.Second
)

type provisioner struct {
	name    string
	dir     string
	client  kubernetes.Interface
	claims  corelisters.PersistentVolumeClaimLister
	volumes corelisters.PersistentVolumeLister
	classes storagelisters.StorageClassLister
}

// Main runs the provisioner until it is killed; args are its command-line flags.
func Main(args []string) int {
	flags := flag.NewFlagSet("hostpath-provisioner", flag.ContinueOnError)
	kubeconfig := flags.String("kubeconfig", "", "kubeconfig of the provisioner's identity")
	dir := flags.String("dir", "", "directory holding the volumes")
	name := flags.String("name", "zkop.test/hostpath", "provisioner name, as StorageClasses name it")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *kubeconfig == "" || *dir == "" {
		fmt.Fprintln(os.Stderr, "hostpath-provisioner: --kubeconfig and --dir are required")
		return 2
	}
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintf(os.Stderr, "hostpath-provisioner: %v\n", err)
		return 1
	}
	client := kubernetes.NewForConfigOrDie(config)
	factory := informers.NewSharedInformerFactory(client, reconcileInterval)
	p := &provisioner{
		name:    *name,
		dir:     *dir,
		client:  client,
		claims:  factory.Core().V1().PersistentVolumeClaims().Lister(),
		volumes: factory.Core().V1().PersistentVolumes().Lister(),
		classes: factory.Storage().V1().StorageClasses().Lister(),
	}
	changed := make(chan struct{}, 1)
	notify := cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { poke(changed) },
		UpdateFunc: func(any, any) { poke(changed) },
		DeleteFunc: func(any) { poke(changed) },
	}
	for _, informer := range []cache.SharedIndexInformer{
		factory.Core().V1().PersistentVolumeClaims().Informer(),
		factory.Core().V1().PersistentVolumes().Informer(),
		factory.Storage().V1().StorageClasses().Informer(),
	} {
		if _, err := informer.AddEventHandler(notify); err != nil {
			fmt.Fprintf(os.Stderr, "hostpath-provisioner: %v\n", err)
			return 1
		}
	}
	ctx := context.Background()
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	for range changed {
		p.reconcile(ctx)
	}
	return 0
}

func poke(changed chan struct{}) {
	select {
	case changed <- struct{}{}:
	default:
	}
}

func (p *provisioner) reconcile(ctx context.Context) {
	claims, _ := p.claims.List(labels.Everything())
	for _, claim := range claims {
		if claim.Annotations[annProvisioner] != p.name {
			continue
		}
		var err error
		switch claim.Status.Phase {
		case corev1.ClaimPending:
			err = p.provision(ctx, claim)
		case corev1.ClaimBound:
			err = p.expand(ctx, claim)
		}
		if err != nil {
			klog.ErrorS(err, "claim not reconciled", "claim", klog.KObj(claim))
		}
	}
	volumes, _ := p.volumes.List(labels.Everything())
	for _, volume := range volumes {
		if volume.Annotations[annProvisionedBy] != p.name || volume.Status.Phase != corev1.VolumeReleased ||
			volume.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimDelete ||
			volume.DeletionTimestamp != nil {
			continue
		}
		if err := p.delete(ctx, volume); err != nil {
			klog.ErrorS(err, "volume not deleted", "volume", volume.Name)
		}
	}
}

func (p *provisioner) provision(ctx context.Context, claim *corev1.PersistentVolumeClaim) error {
	node := claim.Annotations[annSelectedNode]
	if node == "" || claim.Spec.VolumeName != "" || claim.Spec.StorageClassName == nil {
		return nil
	}
	name := "pvc-" + string(claim.UID)
	if _, err := p.volumes.Get(name); err == nil {
		return nil
	}
	class, err := p.classes.Get(*claim.Spec.StorageClassName)
	if err != nil {
		return err
	}
	path := filepath.Join(p.dir, name)
	// Pods of any user must be able to write; fsGroup is applied on top by the kubelet.
	if err := os.MkdirAll(path, 0o777); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o777); err != nil {
		return err
	}
	reclaim := corev1.PersistentVolumeReclaimDelete
	if class.ReclaimPolicy != nil {
		reclaim = *class.ReclaimPolicy
	}
	volume := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{annProvisionedBy: p.name}},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: claim.Spec.Resources.Requests[corev1.ResourceStorage]},
			AccessModes:                   claim.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: reclaim,
			StorageClassName:              class.Name,
			VolumeMode:                    claim.Spec.VolumeMode,
			ClaimRef: &corev1.ObjectReference{
				Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: claim.Namespace, Name: claim.Name, UID: claim.UID,
			},
			PersistentVolumeSource: corev1.PersistentVolumeSource{Local: &corev1.LocalVolumeSource{Path: path}},
			NodeAffinity: &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{
				NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{
					Key: hostnameTopology, Operator: corev1.NodeSelectorOpIn, Values: []string{node},
				}}}},
			}},
		},
	}
	_, err = p.client.CoreV1().PersistentVolumes().Create(ctx, volume, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	if err == nil {
		klog.InfoS("provisioned", "claim", klog.KObj(claim), "volume", name, "node", node)
	}
	return err
}

// expand grows the volume and then the claim's status to the requested size; a
// directory needs no resizing on the node.
func (p *provisioner) expand(ctx context.Context, claim *corev1.PersistentVolumeClaim) error {
	requested := claim.Spec.Resources.Requests[corev1.ResourceStorage]
	volume, err := p.volumes.Get(claim.Spec.VolumeName)
	if err != nil || volume.Annotations[annProvisionedBy] != p.name {
		return err
	}
	size := volume.Spec.Capacity[corev1.ResourceStorage]
	if requested.Cmp(size) > 0 {
		volume = volume.DeepCopy()
		volume.Spec.Capacity[corev1.ResourceStorage] = requested
		if _, err := p.client.CoreV1().PersistentVolumes().Update(ctx, volume, metav1.UpdateOptions{}); err != nil {
			return err
		}
		size = requested
	}
	current := claim.Status.Capacity[corev1.ResourceStorage]
	if size.Cmp(current) <= 0 {
		return nil
	}
	claim = claim.DeepCopy()
	claim.Status.Capacity = corev1.ResourceList{corev1.ResourceStorage: size}
	claim.Status.Conditions = nil
	claim.Status.AllocatedResources = corev1.ResourceList{corev1.ResourceStorage: size}
	claim.Status.AllocatedResourceStatuses = nil
	_, err = p.client.CoreV1().PersistentVolumeClaims(claim.Namespace).UpdateStatus(ctx, claim, metav1.UpdateOptions{})
	if err == nil {
		klog.InfoS("expanded", "claim", klog.KObj(claim), "size", size.String())
	}
	return err
}

func (p *provisioner) delete(ctx context.Context, volume *corev1.PersistentVolume) error {
	if volume.Spec.Local == nil || filepath.Dir(volume.Spec.Local.Path) != filepath.Clean(p.dir) {
		return fmt.Errorf("volume %s is not under %s; not deleting its data", volume.Name, p.dir)
	}
	if err := os.RemoveAll(volume.Spec.Local.Path); err != nil {
		return err
	}
	err := p.client.CoreV1().PersistentVolumes().Delete(ctx, volume.Name, metav1.DeleteOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err == nil {
		klog.InfoS("deleted", "volume", volume.Name)
	}
	return err
}
