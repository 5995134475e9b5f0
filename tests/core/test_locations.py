"""A document in a cloud-sync folder or on a network share is recognised, each kind by what
the path or the system says; an ordinary local folder is not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpidesk.core.locations import location_risk, location_warning, parse_mounts

LINUX_MOUNTS = [
    ("/", "ext4"),
    ("/home", "ext4"),
    ("/mnt/hr", "cifs"),
    ("/srv/nfs", "nfs4"),
    ("/home/li/remote", "fuse.sshfs"),
    ("/mnt/hr/local-cache", "ext4"),  # a local mount inside a share: the longest one counts
]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (r"C:\Users\li\OneDrive\绩效\公司.kpidesk", "onedrive"),
        (r"C:\Users\li\OneDrive - 华南电力\公司.kpidesk", "onedrive"),
        ("/Users/li/Library/CloudStorage/OneDrive-Personal/公司.kpidesk", "onedrive"),
        ("/home/li/Dropbox/公司.kpidesk", "dropbox"),
        (r"D:\Dropbox (华南电力)\HR\公司.kpidesk", "dropbox"),
        ("/Users/li/Library/Mobile Documents/com~apple~CloudDocs/公司.kpidesk", "icloud"),
        (r"C:\Users\li\iCloudDrive\公司.kpidesk", "icloud"),
        (
            "/Users/li/Library/CloudStorage/GoogleDrive-li@example.com/我的云端硬盘/公司.kpidesk",
            "google_drive",
        ),
        (r"C:\Users\li\Google Drive\公司.kpidesk", "google_drive"),
        (r"C:\Users\li\Nutstore\公司.kpidesk", "nutstore"),
        (r"D:\我的坚果云\绩效\公司.kpidesk", "nutstore"),
        (r"D:\BaiduNetdiskWorkspace\公司.kpidesk", "baidu"),
        (r"D:\BaiduSyncdisk\公司.kpidesk", "baidu"),
        (r"C:\Users\li\WPS Cloud Files\公司.kpidesk", "wps"),
        (r"C:\Users\li\Documents\WPS云文档\公司.kpidesk", "wps"),
        (r"\\fileserver\hr\公司.kpidesk", "unc"),
        ("//fileserver/hr/公司.kpidesk", "unc"),
        (r"\\?\UNC\fileserver\hr\公司.kpidesk", "unc"),
        ("/mnt/hr/2026/公司.kpidesk", "network_mount"),
        ("/srv/nfs/公司.kpidesk", "network_mount"),
        ("/home/li/remote/公司.kpidesk", "network_mount"),
    ],
)
def test_each_kind_is_recognised(path, reason):
    assert location_risk(path, LINUX_MOUNTS) == reason


@pytest.mark.parametrize(
    "path",
    [
        "/home/li/绩效/公司.kpidesk",
        "/mnt/hr/local-cache/公司.kpidesk",  # a local disk mounted inside the share
        r"C:\Users\li\Documents\公司.kpidesk",
        r"\\?\C:\very\long\path\公司.kpidesk",  # Windows' long-path prefix, a local disk
        "/home/li/dropboxes-notes/公司.kpidesk",  # a name that merely starts alike
        "/home/li/onedriver/公司.kpidesk",
    ],
)
def test_local_folders_are_not_flagged(path):
    assert location_risk(path, LINUX_MOUNTS) is None


def test_a_mapped_network_drive_is_known_by_its_drive_type():
    assert location_risk(r"Z:\绩效\公司.kpidesk", (), drive_type=4) == "network_drive"
    assert location_risk(r"C:\绩效\公司.kpidesk", (), drive_type=3) is None  # a fixed disk


def test_proc_mounts_is_read_with_its_escapes():
    text = (
        "/dev/sda1 / ext4 rw 0 0\n"
        "//nas/hr\\040share /mnt/hr\\040share cifs rw 0 0\n"
        "server:/export /srv/nfs nfs4 rw 0 0\n"
    )
    mounts = parse_mounts(text)
    assert mounts == [("/", "ext4"), ("/mnt/hr share", "cifs"), ("/srv/nfs", "nfs4")]
    assert location_risk("/mnt/hr share/公司.kpidesk", mounts) == "network_mount"


def test_the_warning_says_why():
    sync = location_warning("nutstore", "公司.kpidesk").text("en")
    assert "坚果云" in sync and "half-written" in sync
    network = location_warning("unc", "公司.kpidesk").text("en")
    assert "locking" in network and "network" in network
    assert "同步" in location_warning("dropbox", "公司.kpidesk").text("zh_CN")


_SYNC_FOLDERS = {
    "OneDrive": "onedrive",
    "Dropbox": "dropbox",
    "iCloudDrive": "icloud",
    "Google Drive": "google_drive",
    "Nutstore": "nutstore",
    "我的坚果云": "nutstore",
    "百度网盘": "baidu",
    "WPS云文档": "wps",
}
_plain_part = st.text(
    alphabet=st.sampled_from(
        "abcdefghjklmnpqrstvwxyz0123456789_-绩效考核公司年度"
    ),  # no o, i, u: no sync name
    min_size=1,
    max_size=12,
)


@given(
    before=st.lists(_plain_part, max_size=4),
    after=st.lists(_plain_part, max_size=4),
    folder=st.sampled_from(sorted(_SYNC_FOLDERS)),
    windows=st.booleans(),
)
def test_a_sync_folder_anywhere_in_the_path_is_found(before, after, folder, windows):
    parts = [*before, folder, *after, "公司.kpidesk"]
    path = ("C:\\" + "\\".join(parts)) if windows else "/" + "/".join(parts)
    assert location_risk(path, LINUX_MOUNTS) == _SYNC_FOLDERS[folder]


@given(parts=st.lists(_plain_part, min_size=1, max_size=6))
def test_ordinary_local_paths_are_never_flagged(parts):
    path = "/home/" + "/".join(parts) + "/公司.kpidesk"
    assert location_risk(path, LINUX_MOUNTS) is None
