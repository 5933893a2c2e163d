resource "azurerm_kubernetes_cluster" "cilium" {
  name                = "aks-cilium"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "cilium"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
  }
}

resource "azurerm_kubernetes_cluster" "calico" {
  name                = "aks-calico"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "calico"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  network_profile {
    network_plugin = "kubenet"
    network_policy = "calico"
  }
}

