// Command k8s is one binary holding the programs of the test cluster, its volume
// provisioner included. It runs the program named by its own file name (a symlink
// such as kube-apiserver -> k8s) or, when called as k8s, by its first argument:
// `k8s kubectl get nodes`.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	_ "time/tzdata" // CronJob time zones, as in the upstream kube-apiserver and controller-manager

	"github.com/distribution/reference"
	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	kubectlcmd "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	proxy "k8s.io/kubernetes/cmd/kube-proxy/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	kubelet "k8s.io/kubernetes/cmd/kubelet/app"
	"zkop.dev/test/cluster/tools/hostpath"
)

const self = "k8s"

var programs = map[string]func() int{
	"etcd": func() int {
		etcdmain.Main(os.Args)
		return 0
	},
	"kube-apiserver":          func() int { return cli.Run(apiserver.NewAPIServerCommand()) },
	"kube-controller-manager": func() int { return cli.Run(controllermanager.NewControllerManagerCommand()) },
	"kube-scheduler":          func() int { return cli.Run(scheduler.NewSchedulerCommand()) },
	"kubelet":                 func() int { return cli.Run(kubelet.NewKubeletCommand(context.Background())) },
	"kube-proxy":              func() int { return cli.Run(proxy.NewProxyCommand()) },
	"hostpath-provisioner":    func() int { return hostpath.Main(os.Args[1:]) },
	// image-ref prints the fully qualified name the kubelet asks the runtime for
	// (the same normalization: short names get the default registry and library/).
	"image-ref": imageRef,
	"kubectl": func() int {
		logs.GlogSetter(kubectlcmd.GetLogVerbosity(os.Args)) //nolint:errcheck
		if err := cli.RunNoErrOutput(kubectlcmd.NewDefaultKubectlCommand()); err != nil {
			kubectlutil.CheckErr(err)
		}
		return 0
	},
}

func main() {
	name := filepath.Base(os.Args[0])
	if name == self && len(os.Args) > 1 {
		name = os.Args[1]
		os.Args = os.Args[1:]
	}
	run, ok := programs[name]
	if !ok {
		names := make([]string, 0, len(programs))
		for n := range programs {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "%s: unknown program %q; run as one of %v (by symlink or as first argument)\n", self, name, names)
		os.Exit(2)
	}
	os.Exit(run())
}

func imageRef() int {
	for _, arg := range os.Args[1:] {
		named, err := reference.ParseNormalizedNamed(arg)
		if err != nil {
			fmt.Fprintf(os.Stderr, "image-ref: %s: %v\n", arg, err)
			return 1
		}
		fmt.Println(named.String())
	}
	return 0
}
